"""Redis down: pages are still served, the contact form still works, and the outage is logged."""

import io
import logging
import socket

import pytest
from django.core.cache import caches

import core.cache
from pages.models import ContactMessage
from tests.factories import ArticleFactory
from tests.support.services import private_redis

pytestmark = pytest.mark.django_db

VALID = {"name": "Sam Parent", "email": "sam@example.org", "subject": "Hello", "message": "Thank you."}


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The cache as production configures it from REDIS_URL, pointing at a port where nothing listens."""
    monkeypatch.setattr(core.cache, "_skip_until", 0.0)
    from lowmilk.settings.caching import cache_from_env

    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{closed_port()}/0")
    settings.CACHES = {"default": cache_from_env()}
    return caches["default"]


def test_every_cache_operation_degrades_to_an_empty_cache(redis_down):
    cache = redis_down

    assert cache.get("key") is None and cache.get("key", "fallback") == "fallback"
    assert cache.set("key", 1) is None
    assert not cache.add("key", 1)
    assert cache.get_many(["a", "b"]) == {}
    assert not cache.has_key("key")
    assert cache.incr("key") is None
    assert not cache.delete("key")
    assert cache.get_or_set("key", "computed") == "computed"
    cache.set_many({"a": 1, "b": 2})
    cache.delete_many(["a"])
    cache.clear()


def test_the_outage_is_logged_once_a_minute_not_once_per_call(client, site_settings, redis_down, monkeypatch):
    [handler] = [h for h in logging.getLogger("core.cache").handlers if type(h) is logging.StreamHandler]
    monkeypatch.setattr(handler, "stream", io.StringIO())
    for throttle in handler.filters:
        monkeypatch.setattr(throttle, "_last", {})

    for _ in range(5):
        assert client.get("/").status_code == 200

    assert handler.stream.getvalue().count("Exception ignored") == 1


def test_pages_and_forms_work_while_redis_is_down(client, site_settings, redis_down, settings):
    article = ArticleFactory()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": "1/10m"}

    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    # Rate limits fail open without their counter rather than refusing everyone.
    assert [client.post("/contact/", VALID).status_code for _ in range(3)] == [302, 302, 302]
    assert ContactMessage.objects.count() == 3


def test_with_redis_up_it_is_an_ordinary_redis_cache(settings):
    with private_redis() as server:  # never the machine's shared Redis
        settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": server.url}}
        cache = caches["default"]

        cache.set("greeting", {"text": "hello"}, 30)
        assert cache.get("greeting") == {"text": "hello"}
        assert cache.add("counter", 1, 30) is True and cache.incr("counter") == 2
        cache.delete_many(["greeting", "counter"])
        assert cache.get("greeting") is None
