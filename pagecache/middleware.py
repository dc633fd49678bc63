"""Whole-page caching for anonymous readers, conditional GET, and Cache-Control for every response.

A page is cached when an anonymous reader (no session or messages cookie) GETs it, the answer is a plain
200 that set no cookie, used no CSRF token (so pages with forms are never cached) and did not choose its
own Cache-Control. It is stored by address with the content generation it was rendered at
(``pagecache.generation``), so any edit makes every cached page out of date at once. Those pages get an ETag,
a Last-Modified and ``Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M`` for nginx or a
CDN; everything else that is personal (staff, forms, POST answers) gets ``private`` and ``no-store``.

Out of date copies are rendered afresh at their next request, with one bounded exception, as a CDN would
with stale-while-revalidate: a copy just one change old, for at most ``PAGE_CACHE_MAX_STALE`` seconds after
that change, may be served as it is while the worker has spent its share of time re-rendering
(``PAGE_CACHE_REFRESH_SHARE``). An edit starts a new generation for every page at once; without the share,
the first moments after each edit would be spent re-rendering hundreds of pages while every reader waits.
Editors, who are never served from the cache, see their change at once; nginx or a CDN is told to keep such a
copy for a second only (``s-maxage=1``), so it does not hold an out-of-date page for a whole ``s-maxage``.
"""

import hashlib
import time
import zlib
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from core.outage import DATABASE_DOWN_ERRORS, database_unavailable_response
from pagecache.generation import current_generation

SAFE_METHODS = frozenset({"GET", "HEAD"})


class PageCacheMiddleware:
    """Put it high in MIDDLEWARE (after SecurityMiddleware and WhiteNoise): a hit skips everything below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in settings.PAGE_CACHE_SKIP_PATHS:
            return self.get_response(request)  # never cached, and answers for itself when the database is down
        if request.method not in SAFE_METHODS:
            return _personal(self.get_response(request))
        personal = settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES

        key = stored = None
        if not personal:
            # The content generation first, whether or not pages are cached: the cache key and Last-Modified
            # need it, and as a request's first query it is also the database connection's health check.
            try:
                current_generation(request)
            except DATABASE_DOWN_ERRORS:
                # Unreachable or timed out: answer the outage page now rather than wait out a second timeout
                # in the view (a hanging database costs one connect or statement timeout, not two).
                return database_unavailable_response(request)
            except DatabaseError:  # no generation to trust: let the view fail, and the outage page answer
                return self.get_response(request)
            if settings.PAGE_CACHE_ENABLED:
                key = self.cache_key(request)
                if (stored := _stored(cache.get(key))) is not None and _may_serve(stored, request):
                    return self.from_cache(request, stored)

        started = time.monotonic()
        response = self.get_response(request)
        if key is not None and stored is not None:  # an out-of-date copy was rendered afresh
            _refreshing.spent(time.monotonic() - started)
        has_form = "CSRF_COOKIE_NEEDS_UPDATE" in request.META  # get_token() ran: the page holds this reader's token
        if personal or has_form:
            return _personal(response, may_store=not has_form)
        if not self.is_public(response):
            return response

        generation = current_generation(request)
        last_modified = int(generation.changed_at.timestamp())
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=_shared_lifetime(request),
            stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        )
        response["ETag"] = _etag(response.content)
        response["Last-Modified"] = http_date(last_modified)
        if key is not None and request.method == "GET":
            # Compressed (about 5x for HTML): more pages per megabyte of worker memory or Redis.
            stored = Stored(
                generation.version, last_modified, zlib.compress(response.content, 1), list(response.items())
            )
            cache.set(key, tuple(stored), settings.PAGE_CACHE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)

    def cache_key(self, request):
        """Key the page by its full address (scheme, host, path and query): one copy of each page, the latest."""
        address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
        return f"pagecache:page:{address}"

    def from_cache(self, request, stored):
        response = HttpResponse(zlib.decompress(stored.content), headers=dict(stored.headers))
        fresh = stored.version == current_generation(request).version
        response["X-Page-Cache"] = "hit" if fresh else "stale"
        if not fresh:  # nginx or a CDN keeps it a second, not a whole s-maxage, and then asks again
            patch_cache_control(response, s_maxage=1)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=stored.last_modified, response=response
        )

    @staticmethod
    def is_public(response):
        """Whether the response is the same for every anonymous reader and may be kept by shared caches."""
        vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
            and vary <= {"cookie"}
        )


class Stored(NamedTuple):
    """A cached page: the generation it was rendered at, its Last-Modified, its compressed HTML and headers."""

    version: int
    last_modified: int
    content: bytes
    headers: list


def _stored(value):
    """The cache's value as ``Stored``; None for a missing value, or one stored in another shape by an older release."""
    try:
        return Stored(*value)
    except TypeError:
        return None


def _may_serve(stored, request):
    """Whether ``stored`` may answer ``request``: it is current, or one change old within the stale allowance."""
    generation = current_generation(request)
    if stored.version == generation.version:
        return True
    one_change_old = stored.version == generation.version - 1
    recent = time.time() - generation.changed_at.timestamp() < settings.PAGE_CACHE_MAX_STALE
    return one_change_old and recent and not _refreshing.may_refresh()


class _RefreshShare:
    """The share of this worker's time spent re-rendering pages that have an out-of-date copy in the cache.

    After a refresh that took t seconds, the next may start t * (1 - share) / share seconds later; out-of-date
    copies requested in between are served as they are (within ``_may_serve``'s limits). One per process: a
    gunicorn sync worker serves one request at a time.
    """

    def __init__(self):
        self.next_at = 0.0

    def may_refresh(self):
        return time.monotonic() >= self.next_at

    def spent(self, seconds):
        share = settings.PAGE_CACHE_REFRESH_SHARE
        self.next_at = time.monotonic() + seconds * (1 - share) / share


_refreshing = _RefreshShare()


def _personal(response, may_store=False):
    """Mark a response for one person: shared caches never keep it; ``may_store`` lets the browser keep it."""
    if not response.has_header("Cache-Control"):
        if may_store:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            add_never_cache_headers(response)
    return response


def _shared_lifetime(request):
    """The page's s-maxage: PAGE_CACHE_S_MAXAGE give or take PAGE_CACHE_S_MAXAGE_SPREAD of it, the same for an
    address every time. Pages a proxy kept at the same moment (warmed up together, after a restart) then expire
    over a span of seconds rather than all at once, so their refreshes never queue up at the app servers together.
    """
    lifetime = settings.PAGE_CACHE_S_MAXAGE
    spread = int(lifetime * settings.PAGE_CACHE_S_MAXAGE_SPREAD)
    if not spread:
        return lifetime
    return lifetime - spread + zlib.crc32(request.get_full_path().encode()) % (2 * spread + 1)


def _etag(content):
    # SHA-1 rather than Django's MD5: processors hash it in hardware, in 30 µs for an article page rather than 80.
    return f'"{hashlib.sha1(content, usedforsecurity=False).hexdigest()}"'
