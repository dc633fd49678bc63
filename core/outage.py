"""A friendly 503 while the database is unreachable; the site recovers by itself when it returns.

``DatabaseOutageMiddleware`` turns connection errors raised while a view runs (the view, its template,
its context processors) into the self-contained ``503.html`` page, rendered without context processors
so that showing it never touches the database. Django reconnects on the next request once the database
answers again (``close_old_connections`` drops a connection that has seen errors), so no restart is needed.
"""

import logging

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def _database_down_errors():
    errors = [OperationalError, InterfaceError]
    try:
        import psycopg2

        errors += [psycopg2.OperationalError, psycopg2.InterfaceError]
    except ImportError:  # pragma: no cover - psycopg2 is a requirement, but SQLite-only installs may lack it
        pass
    return tuple(errors)


DATABASE_DOWN_ERRORS = _database_down_errors()


def database_unavailable_response(request):
    """The 503 page; a form submission is told plainly that it was not received."""
    submitted = request.method == "POST"
    html = render_to_string("503.html", {"submitted": submitted})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        logger.warning(
            "Database unavailable: answered %s %s with 503 (%s)",
            request.method,
            request.path,
            exception,
            extra={"status_code": 503, "path": request.path, "method": request.method},
        )
        return database_unavailable_response(request)
