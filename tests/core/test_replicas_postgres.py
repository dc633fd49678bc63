"""Read replicas on a real PostgreSQL streaming replica: a private primary + replica made for this module.

The requests run in a child process (tests/core/replica_scenario.py) whose settings point at the private
cluster, so what is tested is the shipped configuration: DATABASE_URL + DATABASE_REPLICA_URLS, the router and
the middleware, the whole middleware stack and the page cache.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import services

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_MODULE = "lowmilk.settings.test"

pytestmark = pytest.mark.skipif(
    services.postgres_bin() is None, reason="PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) are not installed"
)


@pytest.fixture(scope="module")
def cluster():
    with services.postgres_primary_and_replica("lowmilk_replica_test") as (primary, replica):
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "CACHE_", "AWS_"))},
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "SECRET_KEY": "replica-test-secret-key-not-used-elsewhere",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "ERROR",
            "DATABASE_URL": primary.url("lowmilk_replica_test"),
            "DATABASE_REPLICA_URLS": replica.url("lowmilk_replica_test"),
            "DATABASE_REPLICA_HEADER": "1",
            "CONN_MAX_AGE": "60",
        }
        env.pop("DEBUG", None)
        yield primary, replica, env


def scenario(env, *args):
    result = subprocess.run(  # noqa: S603 - this interpreter and a module of ours
        [sys.executable, "-m", "tests.core.replica_scenario", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_reads_go_to_the_replica_writers_and_fresh_content_to_the_primary_and_a_lost_replica_costs_nothing(cluster):
    primary, replica, env = cluster
    article = scenario(env, "setup")
    seen = scenario(env, "reads", article["url"], article["pk"])

    # An anonymous reader's page is read from the replica.
    assert seen["anonymous"] == {**seen["anonymous"], "status": 200, "database": "replica1", "has_text": True}
    # Proof it really is the replica: with replay paused, it still shows what the primary no longer has.
    assert seen["anonymous_lagging"]["database"] == "replica1"
    assert seen["anonymous_lagging"]["has_text"] is True
    # An editor (a session) always reads the primary: sees the change at once.
    assert seen["editor"] == {**seen["editor"], "status": 200, "database": "default", "has_text": True}
    # An edit the lagging replica has not replayed: readers get it at once, rendered from the primary,
    # so the page cache never stores the old content under the new generation.
    assert seen["anonymous_after_edit"] == {
        **seen["anonymous_after_edit"],
        "status": 200,
        "database": "default",
        "has_text": True,
    }
    # Once caught up, readers are back on the replica.
    assert seen["anonymous_caught_up"]["database"] == "replica1"
    assert seen["anonymous_caught_up"]["has_text"] is True
    # A POST pins that browser to the primary: its next page is read from there.
    assert seen["contact_post"]["status"] == 302
    assert seen["contact_post"]["pin_cookie"] is True
    assert seen["after_post"]["database"] == "default"
    # The replica's connection dies during a request: answered again from the primary, no error.
    assert seen["replica_dies_mid_request"] == {
        **seen["replica_dies_mid_request"],
        "status": 200,
        "database": "default",
        "has_text": True,
    }

    replica.stop("fast")
    try:
        down = scenario(env, "down", article["url"])
    finally:
        replica.start()
    for name in ("first", "second", "home"):
        assert down[name]["status"] == 200, name
        assert down[name]["database"] == "default", name
    assert down["first"]["has_text"] is True
