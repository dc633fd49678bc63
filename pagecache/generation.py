"""The content generation: one site-wide version that changes whenever anything readers can see changes.

Cached pages are stored under the version they were rendered at. Saving or deleting any model its app
declares ``shown_to_readers`` (core.content) bumps the version in the same database transaction, so the next
request after the commit renders afresh, whichever worker or server serves it. The site chrome (menu, footer,
sidebar) shows only models declared ``in_chrome``; it is kept under ``chrome_version``, the version at which one
of those last changed, so the first page rendered after an article edit reuses the chrome as it was.

Why one coarse version rather than per-object dependency keys: it is exact (a page comes from the cache only if
it was rendered after the last change, or, while a worker is busy re-rendering, for a few seconds after it:
pagecache/middleware.py), it needs no bookkeeping of which pages show which
reference, section or listing, and edits are rare next to reads, so re-rendering pages after an edit costs
little. It lives in the database rather than in the cache because the default cache (local memory) is
private to each gunicorn worker, and a shared cache may evict it; reading it is one primary-key query.
"""

import datetime
from dataclasses import dataclass

from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, Min, Value
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core.content import content_models
from core.prepared import PreparedStatement
from pagecache.models import ContentGeneration

_REQUEST_ATTRIBUTE = "_content_generation"


@dataclass(frozen=True)
class Generation:
    version: int
    chrome_version: int
    changed_at: datetime.datetime
    next_change_at: datetime.datetime | None


def current_generation(request=None):
    """Return the current ``Generation``, read once per request (one query) and remembered on it.

    When the clock has passed ``next_change_at`` (a scheduled article went live, a new day began), the
    version is bumped first, so time-driven changes are as exact as edits.
    """
    if request is not None and (known := getattr(request, _REQUEST_ATTRIBUTE, None)) is not None:
        return known
    generation = _read()
    if generation is None or (generation.next_change_at is not None and generation.next_change_at <= timezone.now()):
        content_changed()
        generation = _read()
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, generation)
    return generation


def content_changed(*, past: int = 0, chrome: bool = True):
    """Start a new generation: every cached page becomes stale at once. Call it after bulk writes.

    The new number is above both the current one and ``past``: after a restore has put back an old number,
    pass the number before the restore, so no page cached since can ever match again. ``chrome=False``: the
    change cannot show in the site chrome (no model declared ``in_chrome`` changed), which is kept.
    """
    now = timezone.now()
    fields = {"changed_at": now, "next_change_at": next_scheduled_change(now)}
    version = Greatest(F("version"), Value(past)) + 1  # both fields get the same new number in one UPDATE
    versions = {"version": version, "chrome_version": version} if chrome else {"version": version}
    if not ContentGeneration.objects.filter(pk=1).update(**versions, **fields):
        ContentGeneration.objects.update_or_create(
            pk=1, defaults={**fields, "version": past + 1, "chrome_version": past + 1}
        )


def current_version() -> int:
    """The generation's number as stored, without moving it (0 before the first change)."""
    return ContentGeneration.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def next_scheduled_change(now):
    """Return the earliest moment after ``now`` when pages change by the clock alone.

    That is the next local midnight (dates shown on pages, listings past their renewal date) or the earliest
    future value of a declared ``scheduled_fields`` field (an article's publish-at time).
    """
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    candidates = [timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))]
    for declared in content_models():
        for field in declared.scheduled_fields:
            queryset = declared.model._default_manager.filter(**{f"{field}__gt": now})
            if (earliest := queryset.aggregate(earliest=Min(field))["earliest"]) is not None:
                candidates.append(earliest)
    return min(candidates)


def _read():
    """Read the one row; as the first query of a request it is also the kept connection's health check.

    Run on every request, cache hits included: a plain cursor costs a tenth of building the ORM query. With
    CONN_HEALTH_CHECKS Django would first send "SELECT 1" on a connection kept from an earlier request, a second
    round trip to the database on every page; this query does that check itself instead: if the kept connection
    has died (the database restarted, a failover), it is closed and the read made once more on a new one.
    """
    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True  # this query is the check
    try:
        row = _select_generation()
    except (InterfaceError, OperationalError):
        if not (checking and getattr(connection.connection, "closed", False)):
            raise  # not a lost connection (a statement timeout, say): retrying would only wait twice
        connection.close()  # as Django's failed check would; the next query connects afresh
        row = _select_generation()
    if row is None:
        return None
    field = ContentGeneration._meta.get_field("changed_at")
    changed_at, next_change_at = (field.to_python(value) for value in row[2:])
    return Generation(row[0], row[1], _aware(changed_at), _aware(next_change_at))


# Prepared: every request runs it, and planning it took PostgreSQL six times as long as running it.
_GENERATION = PreparedStatement(
    "content_generation",
    "SELECT version, chrome_version, changed_at, next_change_at FROM pagecache_contentgeneration WHERE id = 1",
)


def _select_generation():
    rows = _GENERATION.fetchall({}, using=connection.alias)
    return rows[0] if rows else None


def _aware(value):
    """The database's UTC time as an aware datetime (SQLite hands a raw cursor naive ones)."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, datetime.UTC)


# The models (and their many-to-many through models) whose changes show in the site chrome.
_IN_CHROME = set()


def _on_save_or_delete(sender, **kwargs):
    content_changed(chrome=sender in _IN_CHROME)


def _on_m2m_change(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        content_changed(chrome=sender in _IN_CHROME)


def connect_invalidation():
    """Bump the generation on every save or delete of a model shown to readers, and on its many-to-many changes."""
    for declared in content_models():
        if not declared.shown_to_readers:
            continue
        label, model = declared.label, declared.model
        if declared.in_chrome:
            _IN_CHROME.update([model, *(field.remote_field.through for field in model._meta.local_many_to_many)])
        post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=f"pagecache-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"pagecache-m2m-{label}-{field.name}")


# What remember() keeps in this process: {until: (version, {(name, *parts): value})}, for the current versions only.
_REMEMBERED = {}


def remember(request, name, compute, *parts, until="content"):
    """Return ``compute()``, kept in this process until published content next changes.

    The one way to keep something derived from content that many pages share (the site chrome): it is kept under
    the current generation's version, which every request reads anyway, so an edit anywhere makes it fresh in
    every worker and on every server at once. Each worker computes it once per change and keeps it in its own
    memory: no cache round trip and no unpickling on every page (five per page for the chrome), and pages keep
    their chrome when the shared cache is down or full. ``parts`` tell apart the values of one ``name``; they
    must come from a small set (templates, menu links), as every value of the current version is kept.
    ``until="chrome"``: the value shows only models declared ``in_chrome`` (the menu, the site settings), so
    it is kept until one of those changes, and an article edit leaves it as it is.
    """
    generation = current_generation(request)
    version = generation.chrome_version if until == "chrome" else generation.version
    kept_version, values = _REMEMBERED.get(until, (None, None))
    if kept_version != version:
        values = {}
        _REMEMBERED[until] = (version, values)
    key = (name, *parts)
    if key not in values:
        values[key] = compute()
    return values[key]


def forget_remembered():
    """Drop what remember() keeps in this process (tests whose rolled-back data may reuse a version number)."""
    _REMEMBERED.clear()
