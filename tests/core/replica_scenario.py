"""Run by tests/core/test_replicas_postgres.py in a child process configured for a real primary + replica.

The child has production settings with ``DATABASE_URL`` (the private primary) and ``DATABASE_REPLICA_URLS`` (its
streaming replica), so the router and middleware are the shipped ones; requests go through Django's test client
and the full middleware stack. It prints one JSON object of observations per step; the test asserts on them.

``python -m tests.core.replica_scenario setup|reads|down``
"""

import json
import sys
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article  # noqa: E402
from core import replicas  # noqa: E402

REPLICA = "replica1"


def sql(alias, query):
    with connections[alias].cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0] if cursor.description else None


def wait_for_replay(timeout=30):
    target = sql("default", "SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(REPLICA, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):  # noqa: S608
            return
        time.sleep(0.05)
    raise TimeoutError("the replica did not catch up")


def observe(response, text=None):
    body = response.content.decode()
    return {
        "status": response.status_code,
        "database": response.get("X-Database"),
        "page_cache": response.get("X-Page-Cache"),
        "has_text": text in body if text else None,
        "pin_cookie": replicas.PIN_COOKIE in response.cookies,
    }


def setup():
    from tests.factories import ArticleFactory

    call_command("migrate", verbosity=0)
    article = ArticleFactory(title="Original title", body="Milk supply and the replica.")
    get_user_model().objects.create_superuser("editor", "editor@example.org", "editor-password")
    return {"url": article.get_absolute_url(), "pk": article.pk}


def reads(url, pk):
    results = {}
    anonymous = Client()
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="editor"))
    wait_for_replay()
    results["anonymous"] = observe(anonymous.get(url), "Original title")

    # A change the page cache does not know about: only a replica that lags can still show the old title.
    wait_for_replay()  # the first page may have written (the site settings row): replay that first
    sql(REPLICA, "SELECT pg_wal_replay_pause()")
    sql("default", f"UPDATE articles_article SET title = 'Changed title' WHERE id = {int(pk)}")  # noqa: S608
    results["anonymous_lagging"] = observe(anonymous.get(url + "?new-address=1"), "Original title")
    results["editor"] = observe(editor.get(url + "?new-address=1"), "Changed title")

    # An edit that bumps the content generation while the replica lags: anonymous pages come from the primary.
    article = Article.objects.get(pk=pk)
    article.title = "Edited title"
    article.save()
    results["anonymous_after_edit"] = observe(anonymous.get(url), "Edited title")

    sql(REPLICA, "SELECT pg_wal_replay_resume()")
    wait_for_replay()
    results["anonymous_caught_up"] = observe(anonymous.get(url + "?caught-up=1"), "Edited title")

    # Read-your-writes for a browser without a session: a POST pins it to the primary for a while.
    visitor = Client()
    form = {"name": "Sam", "email": "sam@example.org", "subject": "Hello", "message": "A question.", "website": ""}
    results["contact_post"] = observe(visitor.post("/contact/", form))
    results["after_post"] = observe(visitor.get(url + "?after-post=1"), "Edited title")

    # The replica's connection dies in the middle of a request: the reader gets the page, from the primary.
    def kill_own_backend(alias, request):
        import psycopg2

        pid = sql(alias, "SELECT pg_backend_pid()")
        killer = psycopg2.connect(**connections[alias].get_connection_params())  # a second session on the replica
        killer.autocommit = True
        killer.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
        killer.close()
        return True

    replicas.register_freshness_check(kill_own_backend)
    results["replica_dies_mid_request"] = observe(anonymous.get(url + "?mid-request=1"), "Edited title")
    replicas._freshness_checks.remove(kill_own_backend)
    return results


def down(url):
    """The replica is stopped: every page still answers, from the primary."""
    anonymous = Client()
    return {
        "first": observe(anonymous.get(url + "?down=1"), "Edited title"),
        "second": observe(anonymous.get(url + "?down=2"), "Edited title"),
        "home": observe(anonymous.get("/")),
    }


if __name__ == "__main__":
    setup_test_environment()
    step = sys.argv[1]
    if step == "setup":
        output = setup()
    elif step == "reads":
        output = reads(sys.argv[2], sys.argv[3])
    else:
        output = down(sys.argv[2])
    print(json.dumps(output))
