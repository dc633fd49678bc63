"""A hanging PostgreSQL (postmaster stopped, not down) or a statement stuck behind a lock ends in the
friendly 503 page within the configured timeouts, never in a worker killed mid-request.

The site runs in a subprocess against a private cluster, with the production database settings read from
the environment exactly as a server reads them.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]

# Requests through the whole middleware stack; prints, for each path, status, seconds and the body's start.
REQUEST = """
import json, sys, time, django
django.setup()
from django.test import Client
for path in sys.argv[1:]:
    started = time.monotonic()
    response = Client().get(path)
    print(json.dumps({"status": response.status_code, "seconds": time.monotonic() - started,
                      "body": response.content.decode(errors="replace")[:2000]}))
"""


def request_in_site(*paths, database_url, **environment):
    """One result per path: {"status", "seconds", "body"}; a single path gives its result alone."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lowmilk.settings.test",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "0",
        "LOG_REQUESTS": "0",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", REQUEST, *paths], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results = [json.loads(line) for line in result.stdout.strip().splitlines()[-len(paths) :]]
    return results if len(paths) > 1 else results[0]


@pytest.fixture(scope="module")
def site_database(postgres_server):
    """A migrated database on the private cluster, made once for this module."""
    connection = psycopg2.connect(postgres_server.url())
    connection.autocommit = True
    connection.cursor().execute("DROP DATABASE IF EXISTS lowmilk_faults")
    connection.cursor().execute("CREATE DATABASE lowmilk_faults")
    connection.close()
    url = postgres_server.url("lowmilk_faults")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lowmilk.settings.test", "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return url


def test_a_stopped_postmaster_answers_503_within_the_connect_timeout(postgres_server, site_database):
    postgres_server.freeze()
    try:
        page, health = request_in_site("/", "/healthz", database_url=site_database, DATABASE_CONNECT_TIMEOUT="2")
    finally:
        postgres_server.thaw()

    assert page["status"] == 503 and "be back shortly" in page["body"], page
    assert page["seconds"] < 4, page  # one connect timeout, far below gunicorn's 30 s
    assert health["status"] == 503 and json.loads(health["body"])["database"] == "unavailable", health
    assert request_in_site("/healthz", database_url=site_database)["status"] == 200  # back without a restart


def test_a_statement_stuck_behind_a_lock_answers_503_within_the_statement_timeout(site_database):
    blocker = psycopg2.connect(site_database)
    try:
        cursor = blocker.cursor()
        cursor.execute("LOCK TABLE pagecache_contentgeneration, articles_section IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        result = request_in_site("/", database_url=site_database, DATABASE_STATEMENT_TIMEOUT="1000")
    finally:
        blocker.rollback()
        blocker.close()

    assert result["status"] == 503, result
    assert "We&#x27;ll be back shortly" in result["body"] or "We'll be back shortly" in result["body"]
    assert time.monotonic() - started < 15
