"""Redis full, read-only or hanging: every cache call becomes a miss, pages and forms keep working, and
/healthz says the cache is unavailable. Each fault is made for real on a private redis-server."""

import json
import time

import pytest
from django.core.cache import caches

import core.cache
from pages.models import ContactMessage
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Sam Parent", "email": "sam@example.org", "subject": "Hello", "message": "Thank you."}


@pytest.fixture
def redis_cache(redis_server, settings, monkeypatch):
    """The cache exactly as production configures it from REDIS_URL, on the private server."""
    from lowmilk.settings.caching import cache_from_env

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    settings.CACHES = {"default": cache_from_env()}
    yield caches["default"]
    redis_server.thaw()


def health(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_with_redis_healthy_pages_are_cached_and_healthz_says_so(client, site_settings, redis_cache, redis_server):
    article = ArticleFactory()

    assert client.get(article.get_absolute_url()).status_code == 200
    assert redis_server.client.dbsize() > 0  # the page went into Redis
    assert health(client) == (200, {"status": "ok", "database": "ok", "cache": "ok"})


@pytest.mark.parametrize("fault", ["fill_up", "make_read_only", "freeze"])
def test_a_failing_redis_is_a_cache_miss_never_a_500(client, site_settings, redis_cache, redis_server, settings, fault):
    article = ArticleFactory()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": "1/10m"}
    getattr(redis_server, fault)()

    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url(), "/about-missing/"]:
        assert client.get(url).status_code in (200, 404), url
    # Rate limits fail open without their counter rather than refusing everyone.
    assert [client.post("/contact/", VALID).status_code for _ in range(2)] == [302, 302]
    assert ContactMessage.objects.count() == 2
    status, body = health(client)
    assert status == 200 and body["database"] == "ok" and body["cache"] == "unavailable"


def test_the_site_uses_the_cache_again_once_redis_recovers(client, site_settings, redis_cache, redis_server):
    article = ArticleFactory()
    redis_server.fill_up()
    assert client.get(article.get_absolute_url()).status_code == 200

    redis_server.restore()

    assert health(client)[1]["cache"] == "ok"
    assert client.get(article.get_absolute_url()).status_code == 200
    assert redis_server.client.dbsize() > 0


def test_a_hanging_redis_costs_one_timeout_then_is_skipped(client, site_settings, redis_cache, redis_server):
    article = ArticleFactory()
    redis_server.freeze()

    started = time.monotonic()
    for _ in range(5):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert time.monotonic() - started < 1.5  # one 0.1 s socket timeout, then no waiting at all


def test_after_the_pause_redis_is_tried_again(client, site_settings, redis_cache, redis_server, monkeypatch):
    article = ArticleFactory()
    redis_server.freeze()
    client.get(article.get_absolute_url())
    redis_server.thaw()
    redis_server.client.flushdb()

    client.get(article.get_absolute_url())
    assert redis_server.client.dbsize() == 0  # still pausing: nothing was even tried

    monkeypatch.setattr(core.cache, "_skip_until", 0.0)  # the pause is over
    client.get(article.get_absolute_url())
    assert redis_server.client.dbsize() > 0
