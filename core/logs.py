"""Structured logs: one JSON object per line on stderr, and a log line per request.

``JsonFormatter`` (python-json-logger) writes ``time``, ``level``, ``logger``, ``message``, any ``extra``
fields and, for errors, the traceback in ``exc_info``. Django's request records carry the request
object itself; it is replaced by its method and path. ``RequestLogMiddleware`` logs every request on
the ``lowmilk.requests`` logger with its status, duration and client address (LOG_REQUESTS=0 turns it off).
"""

import logging
import threading
import time

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from core.clients import client_address

request_logger = logging.getLogger("lowmilk.requests")


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["asctime", "levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        request = log_data.pop("request", None)
        if request is not None and hasattr(request, "method"):
            log_data.setdefault("method", request.method)
            log_data.setdefault("path", request.path)
        log_data.pop("server_time", None)  # Django's runserver adds a duplicate of "time"

    def formatTime(self, record, datefmt=None):
        # ISO 8601 in UTC with milliseconds, e.g. 2026-11-23T16:04:05.123Z
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status_code": response.status_code,
                "duration_ms": duration_ms,
                "client": client_address(request),
            },
        )
        return response


class OncePerInterval(logging.Filter):
    """Let through one record per logger per ``seconds``: an outage logs a line a minute, not a flood."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self._last = {}
        self._lock = threading.Lock()

    def filter(self, record):
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(record.name, -self.seconds) < self.seconds:
                return False
            self._last[record.name] = now
        return True


class AsWarning(logging.Filter):
    """Record an error as a warning: for expected noise that Django logs at ERROR (bad Host headers)."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
