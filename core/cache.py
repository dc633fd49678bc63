"""A Redis cache that never takes the site down with it.

Django's ``RedisCache`` raises when Redis is unreachable, which would turn every page into a 500.
``ResilientRedisCache`` logs the error and behaves like an empty cache instead: reads miss, writes are
dropped, ``incr`` returns None (django-ratelimit then lets the request through, see RATELIMIT_FAIL_OPEN).
After a failure it skips Redis for ``RETRY_AFTER`` seconds, so an outage costs one failed connection
attempt per process per interval rather than one per cache call, and logs once per interval.

    CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}
"""

import logging
import threading
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure
UNAVAILABLE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)

# Fail fast: a cache that answers slowly is worse than no cache. OPTIONS in CACHES override these.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 0)}


class _Breaker:
    """Shared by every thread's backend instance for one LOCATION."""

    def __init__(self):
        self.down_until = 0.0
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.down_until

    def trip(self, location, operation, error):
        with self.lock:
            already_down = self.is_open()
            self.down_until = time.monotonic() + RETRY_AFTER
        if not already_down:
            logger.warning(
                "Cache unavailable (%s failed: %s); serving without the cache for %ss.",
                operation,
                error,
                RETRY_AFTER,
                extra={"cache_location": location},
            )


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location):
    with _breakers_lock:
        return _breakers.setdefault(location, _Breaker())


def _tolerant(fallback):
    """Run the cache operation; on a Redis outage log, open the breaker and return ``fallback(args)``."""

    def decorator(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._breaker.is_open():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE_ERRORS as error:
                self._breaker.trip(self._location, method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, *args, **kwargs):
    return default


def _empty_dict(*args, **kwargs):
    return {}


def _all_keys(data, *args, **kwargs):
    return list(data)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        self._breaker = _breaker_for(self._location)

    add = _tolerant(_false)(RedisCache.add)
    get = _tolerant(_default)(RedisCache.get)
    set = _tolerant(_none)(RedisCache.set)
    touch = _tolerant(_false)(RedisCache.touch)
    delete = _tolerant(_false)(RedisCache.delete)
    get_many = _tolerant(_empty_dict)(RedisCache.get_many)
    has_key = _tolerant(_false)(RedisCache.has_key)
    incr = _tolerant(_none)(RedisCache.incr)
    set_many = _tolerant(_all_keys)(RedisCache.set_many)
    delete_many = _tolerant(_none)(RedisCache.delete_many)
    clear = _tolerant(_none)(RedisCache.clear)
