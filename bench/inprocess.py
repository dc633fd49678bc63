"""In-process measurements: SQL queries and server time per page type, and EXPLAIN of every public query.

Run by bench/run.py with the bench environment (DATABASE_URL, SECRET_KEY, STATIC_ROOT...); prints one JSON
object. Server time is the Django test client's wall time for one request, p50/p95 over many requests:
  render  page cache off, site chrome cached (what every request costs without the page cache)
  cold    empty cache before each request: page cache and site chrome both rendered and stored
  warm    the page comes from Django's cache (a page-cache hit)
"""

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lowmilk.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
SAMPLES = 30 if QUICK else 200
TIME_LIMIT = 5 if QUICK else 20  # seconds per page and mode, for the slow pages
BIG_TABLES = {
    "articles_article",
    "articles_citation",
    "articles_article_related",
    "references_reference",
    "consultants_listing",
}


def pages():
    """(name, url) of each page type; the directory and search pages once their apps are there."""
    article = Article.objects.published().filter(slug__endswith="-5000").select_related("section").first()
    article = article or Article.objects.published().select_related("section").first()
    candidates = [
        ("home", "/"),
        ("sections", "/articles/"),
        ("section", article.section.get_absolute_url()),
        ("article", article.get_absolute_url()),
        ("references", "/references/"),
        ("reference search", "/references/?q=jenner"),
        ("page", "/about/"),
        ("directory", "/consultants/"),
        ("directory search", "/consultants/?place=10001&radius=50&unit=km"),
        ("site search", "/search/?q=milk+supply"),
    ]
    if apps.is_installed("consultants"):
        from consultants.models import Listing

        listing = Listing.objects.published().order_by("pk").first()
        if listing is not None:
            candidates.append(("consultant profile", listing.get_absolute_url()))
    client = Client()
    return [(name, url) for name, url in candidates if client.get(url).status_code == 200]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def server_times(url, mode):
    client = Client()
    settings.PAGE_CACHE_ENABLED = mode != "render"
    cache.clear()
    for _ in range(3):
        client.get(url)
    times, started = [], time.perf_counter()
    while len(times) < SAMPLES and (len(times) < 5 or time.perf_counter() - started < TIME_LIMIT):
        if mode == "cold":
            cache.clear()
        begin = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if mode == "warm":
            assert response["X-Page-Cache"] == "hit", url
    settings.PAGE_CACHE_ENABLED = True
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95), "n": len(times)}


def queries(url, cold):
    client = Client()
    cache.clear()
    if not cold:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries


def explain(sql, session_settings=()):
    """Return (plan text, big tables read by a sequential scan) for a query; ("", []) for other statements.

    ``session_settings`` are the ``SET LOCAL`` statements the page ran before the query (site search turns
    sequential scans off in its transaction), applied the same way so the plan is the one the page got.
    """
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return "", []
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in session_settings:
            cursor.execute(statement)
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    scanned = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)) & BIG_TABLES)
    return plan, scanned


def main():
    results = {"pages": [], "vendor": connection.vendor}
    for name, url in pages():
        cold_queries = queries(url, cold=True)
        page = {
            "name": name,
            "url": url,
            "queries_cold": len(cold_queries),
            "queries_warm": len(queries(url, cold=False)),
            "bytes": len(Client().get(url).content),
            "times": {mode: server_times(url, mode) for mode in ("render", "cold", "warm")},
            "explain": [],
        }
        session_settings = []
        for query in cold_queries:
            if query["sql"].upper().startswith("SET LOCAL"):
                session_settings.append(query["sql"])
            plan, scanned = explain(query["sql"], session_settings)
            page["explain"].append({"sql": query["sql"][:300], "seq_scans_on_big_tables": scanned, "plan": plan})
        results["pages"].append(page)
        print(f"  {name:18s} {url}: {page['queries_cold']} queries cold", file=sys.stderr)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
