"""Where one page's server time goes: cProfile of in-process requests, the way bench/inprocess.py times them.

    .venv/bin/python bench/profile_page.py /search/?q=milk            # page cache off, shared entries warm
    .venv/bin/python bench/profile_page.py --after-edit /             # page cache on, first request after a save
    .venv/bin/python bench/profile_page.py --queries /references/     # the SQL each request runs, with times

Run with the bench environment (`make bench` prints it; at least DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and
STATIC_ROOT). Prints the p50 of the timed requests, then the functions with the most cumulative time.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lowmilk.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from page_types import article_for_edits  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--after-edit", action="store_true", help="time the first request after an editor's save")
    parser.add_argument("--queries", action="store_true", help="print each query of one request with its time")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=35)
    arguments = parser.parse_args()

    client = Client()
    edited = article_for_edits() if arguments.after_edit else None
    settings.PAGE_CACHE_ENABLED = arguments.after_edit
    for _ in range(3):
        client.get(arguments.url)

    if arguments.queries:
        if edited:
            edited.save()
        timed = []

        def timer(execute, sql, params, many, context):
            begin = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append(((time.perf_counter() - begin) * 1000, " ".join(sql.split())))

        with connection.execute_wrapper(timer):
            client.get(arguments.url)
        for ms, sql in timed:
            print(f"{ms:7.2f} ms  {sql[:300]}")
        return

    profiler, times = cProfile.Profile(), []
    for _ in range(arguments.requests):
        if edited:
            edited.save()
        begin = time.perf_counter()
        profiler.enable()
        response = client.get(arguments.url)
        profiler.disable()
        times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, response.status_code
    print(f"{arguments.url}: p50 {statistics.median(times):.2f} ms over {len(times)} requests (profiled)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(arguments.top)


if __name__ == "__main__":
    main()
