"""Logging: JSON lines on stderr (plain text with DEBUG=1), server errors emailed to ADMINS."""

import os
from email.utils import getaddresses

from lowmilk.settings.base import DEBUG, MIDDLEWARE, env_bool

# ADMINS="Ops <ops@example.org>, dev@example.org"; ERROR_LOG_HANDLER=dotted.path.Handler adds another
# destination for errors (instantiated without arguments); LOG_REQUESTS=0 stops the per-request lines.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if address]
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if not env_bool("LOG_REQUESTS", True):
    MIDDLEWARE = [name for name in MIDDLEWARE if name != "core.logs.RequestLogMiddleware"]
_ERROR_HANDLERS = ["console", "mail_admins"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "once_a_minute": {"()": "core.logs.OncePerInterval", "seconds": 60},
        "as_warning": {"()": "core.logs.AsWarning"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        "console_throttled": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["once_a_minute"]},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": _ERROR_HANDLERS, "level": "WARNING", "propagate": False},
        "django.security": {"handlers": _ERROR_HANDLERS, "level": "WARNING", "propagate": False},
        # A bad Host header is a scanner's noise, not a server error: logged as a warning, never emailed.
        "django.security.DisallowedHost": {"handlers": ["console"], "filters": ["as_warning"], "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"level": "WARNING"},  # failed logins and lockouts, not its start-up banner
        # Redis failures ignored by django-redis: one line a minute, not one per cache call during an outage.
        "core.cache": {"handlers": ["console_throttled"], "level": "WARNING", "propagate": False},
    },
}
if os.environ.get("ERROR_LOG_HANDLER"):
    LOGGING["handlers"]["extra_errors"] = {"level": "ERROR", "class": os.environ["ERROR_LOG_HANDLER"]}
    for _logger in ("django.request", "django.security"):
        LOGGING["loggers"][_logger]["handlers"] = [*_ERROR_HANDLERS, "extra_errors"]
    LOGGING["root"]["handlers"] = ["console", "extra_errors"]
