"""Site-search benchmark: 10,000 generated articles on PostgreSQL, p50/p95 of search_articles() and of /search/.

Run with `make bench-search` (uses its own database, lowmilk_public_bench by default). The articles are made
once from the demo content's sentences, shuffled with a fixed seed, and kept for later runs. Results replace
the "Site search" section of bench/RESULTS.md.
"""

import datetime
import itertools
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lowmilk.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.citations import render_with_citations  # noqa: E402
from articles.models import Article, Section, Status, save_articles  # noqa: E402
from core.markdown import plain_text  # noqa: E402
from demo.loading import CONTENT, read_markdown_files  # noqa: E402

ARTICLE_COUNT = 10_000
SECTION_COUNT = 20
ROUNDS = 10
# The whole measurement is repeated and medians reported, since other jobs may share the machine.
REPEATS = int(os.environ.get("BENCH_SEARCH_REPEATS", "5"))
TARGET_P95_MS = 50
QUERIES = [
    "milk", "feeding", "milk supply", '"milk supply"', "pumping", "herbs -fenugreek", "thyroid", "domperidone",
    "how to make more milk", "baby not getting enough", "breast", "insufficient glandular tissue", "supplementer",
    "acupuncture", "prolactin", "stress and sleep", "pcos or thyroid", "latch", "formula top up", "zzyzx",
    "emotional support", "galactagogue", "hormones", "research evidence", "practitioner",
]  # fmt: skip
RESULTS = ROOT / "bench" / "RESULTS.md"
ARTICLES = CONTENT / "articles"
START, END = "<!-- bench-search:start -->", "<!-- bench-search:end -->"


def demo_sentences():
    text = " ".join(plain_text(render_with_citations(file.body).html) for file in read_markdown_files(ARTICLES))
    return [sentence.strip() for sentence in re.split(r"(?<=[.!?])\s+", text) if len(sentence.split()) > 4]


SYLLABLES = [
    "ba",
    "co",
    "di",
    "fe",
    "ga",
    "hu",
    "ki",
    "lo",
    "ma",
    "ne",
    "po",
    "ra",
    "si",
    "tu",
    "ve",
    "zo",
    "ther",
    "lac",
    "gen",
]


def vocabulary(rng, demo_words, size=40_000):
    """Demo words among many made-up ones, most common first, so terms are as unevenly spread as in real text."""
    made_up = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)} - set(demo_words)
    words = sorted(made_up) + list(demo_words)
    rng.shuffle(words)
    return words


def build_articles():
    """Replace the articles with ARTICLE_COUNT generated ones (bulk insert, then one UPDATE for the vectors).

    Each paragraph is one sentence from the demo articles plus sentences of words drawn from a Zipf-like
    distribution over a 40,000-word vocabulary: a few words occur in most articles, most words in few.
    """
    rng = random.Random(20261123)  # noqa: S311 - reproducible test data, not security
    sentences = demo_sentences()
    demo_words = sorted({word.lower() for sentence in sentences for word in re.findall(r"[A-Za-z]{4,}", sentence)})
    words = vocabulary(rng, demo_words)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))

    def made_up_sentence():
        return " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(10, 20))).capitalize() + "."

    now = timezone.now()
    with transaction.atomic():
        Article.objects.all().delete()
        Section.objects.all().delete()
        sections = Section.objects.bulk_create(
            Section(title=f"Section {n}", slug=f"section-{n}", order=n) for n in range(SECTION_COUNT)
        )
        batch = []
        for n in range(ARTICLE_COUNT):
            title = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(2, 5))).capitalize()
            paragraphs = [
                " ".join([rng.choice(sentences), *(made_up_sentence() for _ in range(rng.randint(2, 4)))])
                for _ in range(rng.randint(6, 12))
            ]
            batch.append(
                Article(
                    section=sections[n % SECTION_COUNT],
                    title=title,
                    slug=f"article-{n}",
                    summary=made_up_sentence(),
                    body="\n\n".join(paragraphs),
                    status=Status.PUBLISHED,
                    publish_at=now - datetime.timedelta(days=1),
                    order=n,
                )
            )
        for start in range(0, len(batch), 1000):
            save_articles(batch[start : start + 1000], write=Article.objects.bulk_create)


def vacuum():
    """Settle the table as autovacuum does on a live site, after a bulk load or a migration rewrote every row.

    Until a vacuum the GIN index keeps new entries in its pending list, which every search then scans.
    """
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(run):
    """Return {query: [milliseconds, ...]} over ROUNDS rounds, after one warm-up round."""
    for query in QUERIES:
        run(query)
    samples = {query: [] for query in QUERIES}
    for _ in range(ROUNDS):
        for query in QUERIES:
            started = time.perf_counter()
            run(query)
            samples[query].append((time.perf_counter() - started) * 1000)
    return samples


def search_function(query):
    page = Article.objects.published().search(query)
    return [str(article.snippet) for article in page], page.paginator.count


client = Client(HTTP_HOST="localhost")


def search_view(query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200, response.status_code


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (postgres,) = cursor.fetchone()
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {system}; PostgreSQL {postgres}; Python {platform.python_version()}"


def write_results(text):
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    section = f"{START}\n{text}\n{END}"
    if START in old and END in old:
        new = old[: old.index(START)] + section + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(new)


def main():
    if connection.vendor != "postgresql":
        sys.exit("The site-search benchmark needs PostgreSQL: set DATABASE_URL (make bench-search does).")
    call_command("migrate", verbosity=0)
    if Article.objects.filter(slug__startswith="article-").count() != ARTICLE_COUNT:
        started = time.perf_counter()
        build_articles()
        print(f"Generated {ARTICLE_COUNT} articles in {time.perf_counter() - started:.1f} s")
    vacuum()
    sizes = Article.objects.published().count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    runs = [(measure(search_function), measure(search_view)) for _ in range(REPEATS)]
    matches = {query: Article.objects.published().search(query).paginator.count for query in QUERIES}
    broad = {query for query, count in matches.items() if count > sizes // 10}
    words = [len(text.split()) for text in Article.objects.values_list("body_text", flat=True)[:200]]

    def row(name, which, queries):
        """Median over the repeats of each run's p50 and p95, the largest time seen, and the range of the p95s."""
        p50s, p95s, maxes = [], [], []
        for run in runs:
            values = [value for query in queries for value in run[which][query]]
            p50s.append(statistics.median(values))
            p95s.append(percentile(values, 0.95))
            maxes.append(max(values))
        p95 = statistics.median(p95s)
        cells = f"{statistics.median(p50s):.1f} | {p95:.1f} | {min(p95s):.1f}-{max(p95s):.1f} | {max(maxes):.1f}"
        return f"| {name} | {len(queries)} | {cells} |", p95

    all_row, overall_p95 = row("`search_articles()`, all queries", 0, QUERIES)
    narrow_row, _ = row("`search_articles()`, queries matching <= 10% of articles", 0, set(QUERIES) - broad)
    broad_row, _ = row("`search_articles()`, queries matching > 10% of articles", 0, broad)
    view_row, _ = row("GET /search/ (whole page), all queries", 1, QUERIES)
    per_query = {query: [value for run in runs for value in run[0][query]] for query in QUERIES}
    slowest = sorted(QUERIES, key=lambda query: percentile(per_query[query], 0.95), reverse=True)[:5]
    verdict = "met" if overall_p95 < TARGET_P95_MS else "NOT met"
    text = "\n".join(
        [
            "## Site search (PostgreSQL full-text)",
            "",
            f"Run {datetime.date.today().isoformat()} on {machine()}; `make bench-search`; load average "
            f"{load:.2f} at the start (other jobs share this machine).",
            "",
            f"{sizes:,} published generated articles of about {statistics.mean(words):.0f} words (demo sentences mixed "
            "with Zipf-distributed words), table vacuumed before measuring. "
            f"{len(QUERIES)} queries (words, phrases, exclusions, `or`, no match) x {ROUNDS} rounds after a warm-up, "
            f"the whole measurement repeated {REPEATS} times; each call returns the first page of 20 with highlighted "
            "snippets and the total count. p50 and p95 are medians over the repeats.",
            "",
            "| what | queries | p50 ms | p95 ms | p95 range ms | max ms |",
            "|---|---|---|---|---|---|",
            all_row,
            narrow_row,
            broad_row,
            view_row,
            "",
            f"Target: p95 of site search under {TARGET_P95_MS} ms: **{verdict}** ({overall_p95:.1f} ms).",
            "",
            "Slowest queries (p95 over all repeats, ms): "
            + ", ".join(f"{query} {percentile(per_query[query], 0.95):.1f}" for query in slowest)
            + ".",
            "",
            "Matches per query: " + ", ".join(f"{query} {count:,}" for query, count in matches.items()) + ".",
        ]
    )
    write_results(text)
    print(text)


if __name__ == "__main__":
    main()
