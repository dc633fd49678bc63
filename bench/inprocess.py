"""In-process measurements per page type: SQL queries, server time, the first render after an edit, EXPLAIN.

Run by bench/run.py with the bench environment (DATABASE_URL, SECRET_KEY, STATIC_ROOT...); prints one JSON
object. Server time is the Django test client's wall time for one request, p50/p95 over many requests:
  render  page cache off: what every request costs when the page cache cannot help (a new query string)
  first   page cache on, first request after an editor (another process) saved an article: a new generation
On PostgreSQL each SELECT of a page is run again under EXPLAIN (ANALYZE, BUFFERS), with the SET LOCAL
statements the page's transaction ran before it, so the plan shown is the plan the page got.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lowmilk.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from page_types import PAGES, page_urls  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
SAMPLES = 30 if QUICK else 100
FIRST_RENDERS = 3 if QUICK else 7
TIME_LIMIT = 4 if QUICK else 10  # seconds per page, for the slow pages
BIG_TABLES = {
    "articles_article",
    "articles_citation",
    "articles_article_related",
    "references_reference",
    "consultants_listing",
}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed_get(client, url):
    begin = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - begin) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, response


def render_times(url):
    """Page cache off: every request renders the page (the site chrome and other shared entries stay warm)."""
    client = Client()
    settings.PAGE_CACHE_ENABLED = False
    try:
        for _ in range(3):
            timed_get(client, url)
        times, started = [], time.perf_counter()
        while len(times) < SAMPLES and (len(times) < 5 or time.perf_counter() - started < TIME_LIMIT):
            times.append(timed_get(client, url)[0])
    finally:
        settings.PAGE_CACHE_ENABLED = True
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95), "n": len(times)}


class Editor:
    """bench/editor.py in its own process, saving an article when asked: as on a site in service, the save runs
    in another process than the reader's request (whose CPU caches it would otherwise have cooled)."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, str(BASE_DIR / "bench" / "editor.py"), "--on-demand"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def save(self):
        self.process.stdin.write("save\n")
        self.process.stdin.flush()
        while (line := self.process.stdout.readline()) != "saved\n":  # past any log line the save printed
            if not line:
                raise RuntimeError("bench/editor.py stopped")

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def first_render_times(url, editor):
    """Page cache on: an editor saves an article, then the first reader of ``url`` renders it afresh.

    What is timed is that render, so every out-of-date page is rendered here (PAGE_CACHE_REFRESH_SHARE 1): a
    worker that has just re-rendered pages may otherwise answer with the copy from before the save for a moment.
    """
    client = Client()
    times, pauses = [], []
    with override_settings(PAGE_CACHE_REFRESH_SHARE=1.0):
        for _ in range(FIRST_RENDERS):
            started = time.perf_counter()
            editor.save()
            pauses.append(time.perf_counter() - started)
            elapsed, response = timed_get(client, url)
            assert response.get("X-Page-Cache") == "miss", (url, response.get("X-Page-Cache"))
            times.append(elapsed)
    return {"p50": statistics.median(times), "max": max(times), "n": len(times), "pauses": pauses}


def paused_render_times(url, pauses):
    """Page cache off: the same render after each of ``pauses`` (seconds) of waiting, with no edit.

    This process waits while the editor saves, and any request after a pause is slower (about 1.5 ms on the
    bench machine: the CPU and PostgreSQL's backend wake up cold) whether or not anything was saved. This is what
    the first render after an edit is compared with, so that its figure is the edit's cost, not the pause's.
    """
    client = Client()
    settings.PAGE_CACHE_ENABLED = False
    try:
        timed_get(client, url)
        times = []
        for pause in pauses:
            time.sleep(pause)
            times.append(timed_get(client, url)[0])
    finally:
        settings.PAGE_CACHE_ENABLED = True
    return {"p50": statistics.median(times), "n": len(times)}


def captured_queries(url):
    client = Client()
    settings.PAGE_CACHE_ENABLED = False
    try:
        client.get(url)  # shared entries (site chrome) warm, as on a site in service
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
    finally:
        settings.PAGE_CACHE_ENABLED = True
    return captured.captured_queries


def explain(sql, session_settings=()):
    """Return (EXPLAIN (ANALYZE, BUFFERS) text, execution ms, big tables read by a sequential scan).

    ``session_settings`` are the ``SET LOCAL`` statements the page ran before the query (site search sets
    planner options in its transaction), applied the same way so the plan is the one the page got.
    """
    # A prepared statement (core/prepared.py) is explained as it runs: EXPLAIN EXECUTE, its plan as kept.
    if sql.lstrip().upper().startswith("PREPARE "):
        sql = "EXECUTE " + sql.rsplit("; EXECUTE ", 1)[-1]
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith(("SELECT", "WITH", "(", "EXECUTE")):
        return "", 0.0, []
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in session_settings:
            cursor.execute(statement)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    scanned = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)) & BIG_TABLES)
    return plan, float(found.group(1)) if found else 0.0, scanned


def main():
    results = {"pages": [], "vendor": connection.vendor}
    urls = page_urls()
    editor = Editor()
    for name, _kind in PAGES:
        url = urls[name]
        queries = captured_queries(url)
        page = {
            "name": name,
            "url": url,
            "queries": len(queries),
            "bytes": len(Client().get(url).content),
            "render": render_times(url),
            "first": first_render_times(url, editor),
            "explain": [],
        }
        page["paused"] = paused_render_times(url, page["first"]["pauses"])
        session_settings = []
        for query in queries:
            if query["sql"].upper().startswith("SET LOCAL"):
                session_settings.append(query["sql"])
            plan, ms, scanned = explain(query["sql"], session_settings)
            if plan:
                page["explain"].append({"sql": query["sql"][:500], "ms": ms, "seq_scans": scanned, "plan": plan})
        results["pages"].append(page)
        cache.clear()
        print(
            f"  {name:28s} {page['queries']:2d} queries, render p50 {page['render']['p50']:6.1f} ms, "
            f"first after an edit {page['first']['p50']:6.1f} ms (after an equal pause {page['paused']['p50']:.1f} ms)",
            file=sys.stderr,
            flush=True,
        )
    editor.stop()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
