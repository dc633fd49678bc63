"""The read-replica router and middleware, without a replica server: which requests may use one, and fallback.

A real streaming replica, a replica that stops and one that dies mid-request: test_replicas_postgres.py.
"""

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_save
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from core import replicas

router = replicas.ReplicaRouter()


@pytest.mark.parametrize(
    ("method", "path", "cookies", "allowed"),
    [
        ("GET", "/articles/", {}, True),
        ("HEAD", "/", {}, True),
        ("POST", "/contact/", {}, False),
        ("GET", "/articles/", {"sessionid": "x"}, False),  # editors and staff come with a session
        ("GET", "/articles/", {replicas.PIN_COOKIE: "1"}, False),  # just wrote something
        ("GET", "/admin/articles/article/", {}, False),
        ("GET", "/markdownx/upload/", {}, False),
    ],
)
def test_which_requests_may_read_from_a_replica(method, path, cookies, allowed):
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies)
    assert replicas.may_read_from_replica(request) is allowed


def test_outside_a_request_everything_uses_the_primary():
    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Article) == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "articles") is True
    assert router.allow_migrate("replica1", "articles") is False


def test_a_post_pins_the_browser_to_the_primary_and_a_get_does_not(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 7
    middleware = replicas.ReplicaMiddleware(lambda request: HttpResponse("ok"))
    posted = middleware(RequestFactory().post("/contact/"))
    assert posted.cookies[replicas.PIN_COOKIE]["max-age"] == 7
    assert posted.cookies[replicas.PIN_COOKIE]["httponly"]
    assert replicas.PIN_COOKIE not in middleware(RequestFactory().get("/")).cookies


def test_inside_a_request_reads_go_to_a_replica_until_something_is_saved(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])
    monkeypatch.setattr(replicas, "_reachable", lambda alias: True)
    monkeypatch.setattr(replicas, "_freshness_checks", [])
    seen = []

    def view(request):
        seen.append(router.db_for_read(Article))
        seen.append(router.db_for_read(apps.get_model("sessions", "Session")))
        router.db_for_write(Article)  # get_or_create() asks this before reading: not a write
        seen.append(router.db_for_read(Article))
        # A save of some model (a sender no other receiver listens to, so only the router hears it).
        post_save.send(sender=HttpResponse, instance=None, created=True, raw=False, using=DEFAULT_DB_ALIAS)
        seen.append(router.db_for_read(Article))
        return HttpResponse("ok")

    replicas.ReplicaMiddleware(view)(RequestFactory().get("/articles/"))
    assert seen == ["replica1", DEFAULT_DB_ALIAS, "replica1", DEFAULT_DB_ALIAS]
