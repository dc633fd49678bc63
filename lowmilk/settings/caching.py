"""Caches: Redis shared by every worker and server when configured, else local memory per worker."""

import os

from django.core.exceptions import ImproperlyConfigured

from lowmilk.settings.base import DEBUG, env_bool


def cache_from_env():
    """Redis when REDIS_URL or CACHE_URL (redis://, rediss://) is set, else local memory.

    Redis is shared by every worker and server, which the page cache and rate limits want; its outages are
    logged and ignored rather than failing pages (core/cache.py).
    """
    url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL") or "locmem://"
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": url, "KEY_PREFIX": "lowmilk"}
    if url.startswith("locmem://"):
        # Private to each worker; bounded so a worker's memory stays small (pages are stored compressed, ~10 kB).
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lowmilk",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCMEM_CACHE_MAX_ENTRIES", "1000"))},
        }
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss://, unix:// or locmem://.")


CACHES = {"default": cache_from_env()}

# Page cache for anonymous readers (pagecache app): invalidated by the content generation, which every save
# or delete of a model its app declares as shown to readers bumps (core.content.ContentModel).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(24 * 3600)))
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", "60"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "60"))
