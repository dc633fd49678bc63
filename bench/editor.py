"""An editor at work during the load test: saves an article every ``--every`` seconds until stopped (or, with
``--on-demand``, each time bench/inprocess.py asks).

Each save re-renders the article, rewrites its citations and starts a new content generation, so every page
the readers ask for next is rendered afresh. Prints the number of saves and their p50/max time on exit.
"""

import argparse
import os
import signal
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lowmilk.settings")

import django  # noqa: E402

django.setup()

from page_types import article_for_edits  # noqa: E402


def save(article, number):
    article.summary = f"{article.summary.split(' (edit')[0]} (edit {number})"
    article.save()


def on_demand(article):
    """Save once per line read from standard input and answer "saved": the editor bench/inprocess.py waits on."""
    for number, _line in enumerate(sys.stdin, start=1):
        save(article, number)
        print("saved", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--on-demand", action="store_true", help="save when asked on standard input")
    options = parser.parse_args()
    article = article_for_edits()
    if options.on_demand:
        on_demand(article)
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    times = []
    while not stopping:
        started = time.perf_counter()
        save(article, len(times) + 1)
        times.append((time.perf_counter() - started) * 1000)
        deadline = started + options.every
        while not stopping and time.perf_counter() < deadline:
            time.sleep(0.1)
    if times:
        print(f"{len(times)} saves, p50 {statistics.median(times):.0f} ms, max {max(times):.0f} ms", flush=True)
    else:
        print("0 saves", flush=True)


if __name__ == "__main__":
    main()
