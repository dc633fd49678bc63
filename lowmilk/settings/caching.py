"""Caches: Redis shared by every worker and server when configured, else local memory per worker."""

import os

from django.core.exceptions import ImproperlyConfigured
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.cache import connection_class_for
from lowmilk.settings.base import DEBUG, env_bool


def cache_from_env():
    """Redis when REDIS_URL or CACHE_URL (redis://, rediss://) is set, else local memory.

    Redis is shared by every worker and server, which the page cache and rate limits want; django-redis
    turns its failures into cache misses, logged at most once a minute (core.logs.OncePerInterval), and
    after a timeout the connections skip Redis for a few seconds (core/cache.py).
    """
    url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL") or "locmem://"
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "lowmilk",
            "OPTIONS": {
                # Every Redis error (down, hanging, full, read-only replica) is a cache miss, never a 500.
                "IGNORE_EXCEPTIONS": True,
                # Fail fast and do not retry: a slow cache is worse than none (Redis nearby answers in < 1 ms).
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.1")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.1")),
                # After a timeout, skip Redis for a few seconds: a hanging Redis costs one timeout, not one per call.
                "CONNECTION_POOL_KWARGS": {
                    "retry": Retry(NoBackoff(), 0),
                    "connection_class": connection_class_for(url),
                },
            },
        }
    if url.startswith("locmem://"):
        # Private to each worker; bounded so a worker's memory stays small (pages are stored compressed, ~10 kB).
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lowmilk",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCMEM_CACHE_MAX_ENTRIES", "1000"))},
        }
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss://, unix:// or locmem://.")


CACHES = {"default": cache_from_env()}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache"

# Page cache for anonymous readers (pagecache app): invalidated by the content generation, which every save
# or delete of a model its app declares as shown to readers bumps (core.content.ContentModel).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(24 * 3600)))
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", "60"))
# Each address's s-maxage is PAGE_CACHE_S_MAXAGE give or take this share of it (45-75 s by default), so pages a
# proxy kept together do not all expire, and come back to the app servers, at the same moment.
PAGE_CACHE_S_MAXAGE_SPREAD = float(os.environ.get("PAGE_CACHE_S_MAXAGE_SPREAD", "0.25"))
if not 0 <= PAGE_CACHE_S_MAXAGE_SPREAD < 1:
    raise ImproperlyConfigured(
        "PAGE_CACHE_S_MAXAGE_SPREAD must be at least 0 and below 1 (0: the same for every page)."
    )
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "60"))
# After an edit, a page's copy from just before it may still be served for this many seconds while the worker
# has spent PAGE_CACHE_REFRESH_SHARE of its time re-rendering pages (pagecache/middleware.py); 0 never serves one.
PAGE_CACHE_MAX_STALE = int(os.environ.get("PAGE_CACHE_MAX_STALE", "10"))
PAGE_CACHE_REFRESH_SHARE = float(os.environ.get("PAGE_CACHE_REFRESH_SHARE", "0.25"))
if not 0 < PAGE_CACHE_REFRESH_SHARE <= 1:
    raise ImproperlyConfigured("PAGE_CACHE_REFRESH_SHARE must be above 0 and at most 1 (1: never serve stale).")
# Paths the page cache leaves alone entirely: the health check reports the database itself, in JSON.
PAGE_CACHE_SKIP_PATHS = ["/healthz"]
