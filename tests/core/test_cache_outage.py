"""Redis down: pages are still served, the contact form still works, and the outage is logged."""

import logging
import socket
import time

import pytest
from django.core.cache import caches

from core import cache as resilient
from pages.models import ContactMessage
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Sam Parent", "email": "sam@example.org", "subject": "Hello", "message": "Thank you."}


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture(autouse=True)
def _fresh_breakers():
    resilient._breakers.clear()
    yield
    resilient._breakers.clear()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": f"redis://127.0.0.1:{closed_port()}/0"}
    }
    return caches["default"]


def test_every_cache_operation_degrades_to_an_empty_cache(redis_down):
    cache = redis_down

    assert cache.get("key") is None and cache.get("key", "fallback") == "fallback"
    assert cache.set("key", 1) is None
    assert cache.add("key", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys that were not stored
    assert cache.has_key("key") is False
    assert cache.incr("key") is None
    assert cache.delete("key") is False
    assert cache.touch("key") is False
    assert cache.get_or_set("key", "computed") == "computed"
    cache.delete_many(["a"])
    cache.clear()


def test_the_outage_is_logged_once_per_interval_and_then_fails_fast(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        started = time.perf_counter()
        for _ in range(50):
            redis_down.get("key")
        elapsed = time.perf_counter() - started

    warnings = [record for record in caplog.records if record.name == "core.cache"]
    assert len(warnings) == 1 and "Cache unavailable" in warnings[0].getMessage()
    assert elapsed < 1.0  # one failed connection, then the breaker answers at once


def test_redis_is_tried_again_after_the_interval(redis_down, monkeypatch, caplog):
    redis_down.get("key")
    monkeypatch.setattr(resilient, "RETRY_AFTER", 0.0)
    resilient._breakers.clear()
    fresh = type(redis_down)(redis_down._location, {})

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        fresh.get("key")

    assert any("Cache unavailable" in record.getMessage() for record in caplog.records)  # it really tried


def test_pages_and_forms_work_while_redis_is_down(client, site_settings, redis_down, settings):
    article = ArticleFactory()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": "1/10m"}

    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    # Rate limits fail open without their counter rather than refusing everyone.
    assert [client.post("/contact/", VALID).status_code for _ in range(3)] == [302, 302, 302]
    assert ContactMessage.objects.count() == 3


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_up_it_is_an_ordinary_redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"lowmilk-test-{time.monotonic_ns()}",
        }
    }
    cache = caches["default"]

    cache.set("greeting", {"text": "hello"}, 30)
    assert cache.get("greeting") == {"text": "hello"}
    assert cache.add("counter", 1, 30) is True and cache.incr("counter") == 2
    cache.delete_many(["greeting", "counter"])
    assert cache.get("greeting") is None
