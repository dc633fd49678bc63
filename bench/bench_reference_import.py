"""Benchmark: importing a large BibTeX file (parse + preview, then save), as `manage.py import_references` does.

Run: .venv/bin/python bench/bench_reference_import.py [ENTRIES]
Uses a throw-away SQLite database unless DATABASE_URL is set (then that database's tables are used as is:
point it at an empty, migrated database). Prints the machine, date and figures as a markdown table row.
"""

import os
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lowmilk.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
_tmp = tempfile.TemporaryDirectory()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp.name}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from reversion import create_revision  # noqa: E402

from references import importing  # noqa: E402
from references.models import Reference  # noqa: E402


def bibtex(entries):
    """A BibTeX file of ``entries`` journal articles, one in fifty of them malformed."""
    chunks = []
    for number in range(entries):
        if number % 50 == 49:
            chunks.append(f"@article{{broken{number},\n  title = {{No closing brace\n\n")
            continue
        chunks.append(
            f"@article{{ref{number},\n  author = {{Family{number}, Given and Other, Author}},\n"
            f"  title = {{A study of lactation number {number}}},\n  journal = {{J Hum Lact}},\n"
            f"  year = {{{2000 + number % 25}}}, volume = {{{number % 40}}}, pages = {{{number}--{number + 9}}},\n"
            f"  doi = {{10.5555/bench.{number}}}\n}}\n\n"
        )
    return "".join(chunks)


def main():
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    call_command("migrate", verbosity=0)
    Reference.objects.filter(key__startswith="ref").delete()
    text = bibtex(entries)

    started = time.perf_counter()
    preview = importing.preview_import(text, importing.BIBTEX)
    preview_seconds = time.perf_counter() - started
    tracemalloc.start()  # a second, traced pass for memory: tracing slows the code it watches
    importing.preview_import(text, importing.BIBTEX)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    started = time.perf_counter()
    with create_revision():
        result = importing.import_entries(preview.entries)
    import_seconds = time.perf_counter() - started

    started = time.perf_counter()
    again = importing.preview_import(text, importing.BIBTEX)
    duplicate_seconds = time.perf_counter() - started
    assert len(again.duplicates) == len(result.created)

    vendor = django.db.connection.vendor
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cpus; date: {time.strftime('%Y-%m-%d')}")
    print(
        "| entries | database | parse + preview | peak memory | save (with revisions) | re-preview (all duplicates) |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {entries} ({len(preview.invalid)} invalid) | {vendor} | {preview_seconds:.2f} s | {peak / 2**20:.0f} MiB "
        f"| {import_seconds:.2f} s ({len(result.created) / import_seconds:.0f}/s) | {duplicate_seconds:.2f} s |"
    )


if __name__ == "__main__":
    main()
