"""Redis connections that stop trying for a few seconds after a timeout, under django-redis.

django-redis (``IGNORE_EXCEPTIONS``) turns every Redis error into a cache miss: down, full, read-only. A
Redis that hangs instead of refusing still costs every cache call its socket timeout, and a page makes a
dozen calls. After a timeout or a lost connection these connection classes refuse at once for
``RETRY_AFTER`` seconds (django-redis counts that as one more miss), so a hanging Redis costs each worker
one timeout per interval instead of one per call. Chosen by ``connection_class_for(url)`` in the settings.
"""

import time

from redis.connection import Connection, SSLConnection, UnixDomainSocketConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER = 5.0  # seconds without trying Redis after a timeout or a lost connection
_skip_until = 0.0  # one Redis per process: every connection of the pool shares the pause


class _FailFast:
    def _guarded(self, method, *args, **kwargs):
        global _skip_until
        if time.monotonic() < _skip_until:
            raise RedisConnectionError("Redis skipped: it failed a moment ago")
        try:
            return method(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            _skip_until = time.monotonic() + RETRY_AFTER
            raise

    def connect(self, *args, **kwargs):
        return self._guarded(super().connect, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        return self._guarded(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        return self._guarded(super().read_response, *args, **kwargs)


class FailFastConnection(_FailFast, Connection):
    pass


class FailFastSSLConnection(_FailFast, SSLConnection):
    pass


class FailFastUnixConnection(_FailFast, UnixDomainSocketConnection):
    pass


def connection_class_for(url: str):
    """The fail-fast connection class for a redis://, rediss:// or unix:// URL."""
    if url.startswith("unix://"):
        return FailFastUnixConnection
    return FailFastSSLConnection if url.startswith("rediss://") else FailFastConnection
