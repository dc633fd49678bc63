"""PostgreSQL read replicas: public reads go to a replica, everything else stays on the primary.

Which requests may read from a replica is decided once per request by ``ReplicaMiddleware``, from the request
alone (no database query): a GET or HEAD without a session cookie (an anonymous reader) and without the
"just wrote" cookie, outside the admin. Everything else (any other method, any request with a session, which
is how editors, moderators and staff arrive, the admin and the editor's upload endpoints) reads and writes the
primary, so it sees its own writes and what replicas have not replayed yet.

Read-your-writes across requests: an unsafe request (POST, PUT, PATCH, DELETE) answers with a short-lived
cookie that keeps that browser on the primary for ``DATABASE_REPLICA_PIN_SECONDS``; the redirect that follows
a save, and the pages after it, are read from the primary. Inside a request, once anything has been saved or
deleted (Django's model signals), the rest of the request reads from the primary too, and so does any read
inside a transaction.

Outside requests (management commands, cron jobs, the test suite) nothing is routed: everything uses the
primary (``default``).

A replica that cannot be reached is skipped for ``DATABASE_REPLICA_RETRY_SECONDS`` and the request reads from
the primary instead. If a replica fails in the middle of a GET or HEAD, the middleware runs the request again
on the primary, so the reader never sees the failure.

Apps may register a freshness check (``register_freshness_check``): called before the first replica read of a
request, it can send the request to the primary when the replica has not yet replayed what the primary knows,
for example a cache that must never store a page rendered from older content than its key says.
"""

import contextlib
import logging
import random
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.utils import DatabaseError, InterfaceError, OperationalError

logger = logging.getLogger(__name__)

PIN_COOKIE = "lowmilk_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read only from the primary: sessions and login records are written by one server and read at once by another;
# the page cache's generation must never come from a replica that lags.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "pagecache"})
# Paths whose requests always use the primary, whatever their method or cookies.
PRIMARY_ONLY_PATH_PREFIXES = ("/admin/", "/markdownx/")

_freshness_checks = []


def register_freshness_check(check):
    """Add ``check(alias, request) -> bool``; False sends the request to the primary (the replica lags)."""
    if check not in _freshness_checks:
        _freshness_checks.append(check)


def replica_aliases():
    """The database aliases that are read replicas, in settings order (``DATABASES`` keys starting "replica")."""
    return [alias for alias in settings.DATABASES if alias != DEFAULT_DB_ALIAS and alias.startswith("replica")]


@dataclass
class _RequestState:
    request: object = None
    replica_allowed: bool = False
    chosen: str | None = None  # the replica this request reads from, once picked
    checked: bool = False  # the freshness checks have run for ``chosen``
    failed: bool = False  # a replica query failed during the request
    used_replica: bool = False
    used: set = field(default_factory=set)


_state: ContextVar[_RequestState | None] = ContextVar("lowmilk_replica_state", default=None)

# alias -> monotonic time until which the replica is not tried; per process, shared by its threads.
_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


def mark_down(alias, reason):
    retry = float(getattr(settings, "DATABASE_REPLICA_RETRY_SECONDS", 10))
    with _down_lock:
        already = _down_until.get(alias, 0) > time.monotonic()
        _down_until[alias] = time.monotonic() + retry
    if not already:
        logger.warning("Read replica %s unavailable, reading from the primary for %ss: %s", alias, retry, reason)


def is_down(alias):
    return _down_until.get(alias, 0) > time.monotonic()


def _reachable(alias):
    """Connect (or health-check the kept connection) now, so an unreachable replica is skipped, not an error."""
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        mark_down(alias, error)
        return False
    return True


def _pick_replica():
    candidates = [alias for alias in replica_aliases() if not is_down(alias)]
    random.shuffle(candidates)
    for alias in candidates:
        if _reachable(alias):
            return alias
    return None


class ReplicaRouter:
    """Database router for one primary (``default``) and the replicas in ``replica_aliases()``.

    Install with ``DATABASE_ROUTERS = ["core.replicas.ReplicaRouter"]`` and ``core.replicas.ReplicaMiddleware``.
    """

    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is None or not state.replica_allowed:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db is not None:
            return instance._state.db
        if state.chosen is None:
            state.chosen = _pick_replica()
            if state.chosen is None:
                state.replica_allowed = False
                return DEFAULT_DB_ALIAS
        if not state.checked:
            state.checked = True
            if not all(check(state.chosen, state.request) for check in _freshness_checks):
                state.replica_allowed = False
                return DEFAULT_DB_ALIAS
        state.used_replica = True
        return state.chosen

    def db_for_write(self, model, **hints):
        # Not a sign of a write: get_or_create() reads through here too. Actual writes pin (_wrote below).
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        databases = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas get the schema by replication; running migrations on them would fail (read-only).
        return db == DEFAULT_DB_ALIAS


def may_read_from_replica(request):
    """Whether ``request`` may be served from a replica: an anonymous reader's GET or HEAD, outside the admin."""
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
        and not request.path.startswith(PRIMARY_ONLY_PATH_PREFIXES)
    )


class ReplicaMiddleware:
    """Above the database-outage and page-cache middleware in MIDDLEWARE (lowmilk/settings/base.py puts it there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _RequestState(request=request, replica_allowed=may_read_from_replica(request))
        token = _state.set(state)
        try:
            response = self.get_response(request)
            if state.failed and request.method in SAFE_METHODS:
                # The replica went away mid-request: a GET changes nothing, so answer it again from the primary.
                logger.warning("Replica failed during %s %s; answered from the primary", request.method, request.path)
                _state.set(_RequestState(request=request))
                response = self.get_response(request)
        finally:
            _state.reset(token)
        if request.method not in SAFE_METHODS:
            seconds = int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 15))
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if getattr(settings, "DATABASE_REPLICA_HEADER", False):
            # Diagnostics (cluster test, load tests): which database this answer was read from.
            response["X-Database"] = state.chosen if state.used_replica and not state.failed else DEFAULT_DB_ALIAS
        return response


def _wrote(sender, **kwargs):
    """Something was saved or deleted: the rest of this request reads its own writes, from the primary."""
    if (state := _state.get()) is not None:
        state.replica_allowed = False


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(_wrote, dispatch_uid=f"core.replicas.wrote.{id(_signal)}")


def _watch_replica(execute, sql, params, many, context):
    """Execute wrapper on replica connections: a lost replica is marked down and its request retried."""
    try:
        return execute(sql, params, many, context)
    except (OperationalError, InterfaceError) as error:
        alias = context["connection"].alias
        mark_down(alias, error)
        if (state := _state.get()) is not None:
            state.failed = True
        raise


def _install_watch(sender, connection, **kwargs):
    if connection.alias in replica_aliases() and _watch_replica not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_replica)


connection_created.connect(_install_watch, dispatch_uid="core.replicas.watch")


def _forget_failed_connections(sender, **kwargs):
    # A replica connection that raised is closed by Django's close_old_connections; nothing more to do here,
    # but a replica marked down must not keep a half-open connection across requests either.
    for alias in replica_aliases():
        if is_down(alias) and connections[alias].connection is not None:
            with contextlib.suppress(DatabaseError):
                connections[alias].close()


request_finished.connect(_forget_failed_connections, dispatch_uid="core.replicas.forget")
