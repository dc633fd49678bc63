"""Settings for lowmilk, read from environment variables.

Development needs nothing set: SQLite in the project folder, DEBUG from ``DEBUG=1``.
Production must set ``SECRET_KEY`` and ``ALLOWED_HOSTS``; ``DATABASE_URL`` points at PostgreSQL.
"""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Editorial workflow: old URLs redirect, every content save is a revision.
    "django.contrib.sites",
    "django.contrib.redirects",
    "reversion",
    "markdownx",
    "axes",
    "csp",
    "lowmilk",
    "references",
    "articles",
    "pages",
    "import_export",
    "consultants",
    "editorial",
    "pagecache",
    "post_office",
]

MIDDLEWARE = [
    # First, so it times and logs every request, redirects and errors included (lowmilk/logs.py).
    "lowmilk.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Database unreachable while a view runs -> the self-contained 503 page (lowmilk/outage.py).
    "lowmilk.outage.DatabaseOutageMiddleware",
    # Serves anonymous readers' pages from the cache; a hit skips everything below.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Editorial workflow: a 404 whose path an editor (or a slug change) moved answers with a 301.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes asks: turns a locked-out admin login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

SITE_ID = 1  # django.contrib.sites, needed by django.contrib.redirects
# The public host name: the sitemap and feeds build absolute links from it; `migrate` writes it into the Site.
SITE_DOMAIN = os.environ.get("SITE_DOMAIN", "127.0.0.1:8000")

ROOT_URLCONF = "lowmilk.urls"
WSGI_APPLICATION = "lowmilk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site_chrome",
                "lowmilk.context_processors.canonical_url",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections in production (health-checked before reuse); fresh ones under runserver.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that hangs (a stuck host, a lock) ends in the friendly 503 page well before gunicorn's
    # 30 s timeout would kill the worker: seconds to connect (libpq's minimum is 2), milliseconds per statement.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
        options=f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT', '15000'))}",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_env():
    """Redis when REDIS_URL or CACHE_URL (redis://, rediss://) is set, else local memory.

    Redis is shared by every worker and server, which the page cache and rate limits want; django-redis
    turns its failures into cache misses, logged at most once a minute (lowmilk.logs.OncePerInterval).
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
                # Fail fast and do not retry: a slow cache is worse than none.
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.1")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.1")),
                "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 0)},
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
DJANGO_REDIS_LOGGER = "lowmilk.cache"

# Page cache for anonymous readers (pagecache app): invalidated by the content generation, which every
# save or delete of these models bumps; fields that make content change by the clock alone.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(24 * 3600)))
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", "60"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "60"))
PAGE_CACHE_CONTENT_MODELS = [
    "articles.Section",
    "articles.Article",
    "references.Reference",
    "pages.Page",
    "pages.SiteSettings",
    "consultants.Listing",
    "consultants.PendingListing",  # a proxy: its saves (moderators approving) send their own signals
    "consultants.Credential",
    "consultants.Language",
    "sites.Site",  # its domain is in the sitemap's and feeds' absolute links
]
PAGE_CACHE_SCHEDULED_FIELDS = ["articles.Article.publish_at"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed static files with far-future cache headers, served by WhiteNoise (collectstatic first).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Email: queued by django-post-office and sent after the response (lowmilk/mail.py), through the console in
# development and SMTP in production; a mail server that hangs costs the sender EMAIL_TIMEOUT, never a reader.
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_BACKEND = "post_office.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "medium",  # queued, never sent inside the request
    "MAX_RETRIES": int(os.environ.get("EMAIL_MAX_RETRIES", "8")),
    "RETRY_INTERVAL": timedelta(minutes=int(os.environ.get("EMAIL_RETRY_MINUTES", "10"))),
    "THREADS_PER_PROCESS": 1,
    "LOG_LEVEL": 1,  # failures only
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Low Milk Supply <noreply@lowmilksupply.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# django-markdownx: previews go through the same renderer and sanitiser as public pages,
# and uploads are limited to raster images of a sane size.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.citations.markdownify_preview"
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}

# Consultant directory (consultants/): moderators' inboxes (else SiteSettings.contact_email), the map's
# tile server (empty hides the map), and how many listing submissions one address may post.
CONSULTANTS_MODERATOR_EMAILS = env_list("CONSULTANTS_MODERATOR_EMAILS")
CONSULTANTS_MAP_TILE_URL = os.environ.get("CONSULTANTS_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
CONSULTANTS_MAP_ATTRIBUTION = os.environ.get(
    "CONSULTANTS_MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
CONSULTANTS_SUBMIT_RATE = os.environ.get("CONSULTANTS_SUBMIT_RATE", "5/h")
# Absolute links in emails sent outside a request (renewal reminders from cron).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "https://www.lowmilksupply.org")
CONSULTANTS_GEOCODER = os.environ.get("CONSULTANTS_GEOCODER", "consultants.geo.OfflineGeocoder")
# --- Security: production hardening, Content Security Policy, abuse protection --------------------------
# Headers sent in every mode; the HTTPS-only settings switch on when DEBUG is off and each can be
# overridden from the environment (e.g. SECURE_SSL_REDIRECT=0 for a plain-HTTP loopback benchmark).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    if env_bool("BEHIND_PROXY", True):
        # The shipped nginx sets X-Forwarded-Proto itself (never passes the client's), so it can be trusted.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp 4.x: scripts and styles only from our own static files, never inline; no framing.
# Images only from this site, plus the consultant map's tile server when one is configured.
_tiles = urlsplit(CONSULTANTS_MAP_TILE_URL)
_MAP_TILE_ORIGINS = [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if _tiles.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *_MAP_TILE_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Rate limits per client address, as "count/period" (django-ratelimit syntax: 5/10m, 60/m, 100/h);
# RATE_LIMIT_<GROUP> overrides one, e.g. RATE_LIMIT_CONTACT=20/h. Applied with lowmilk.ratelimit.rate_limit.
RATE_LIMITS = {
    group: os.environ.get(f"RATE_LIMIT_{group.upper()}", default)
    for group, default in {"contact": "5/10m", "listing": CONSULTANTS_SUBMIT_RATE, "search": "60/m"}.items()
}
# The client address is REMOTE_ADDR unless this many trusted proxies (nginx: 1) append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "lowmilk.ratelimit.client_address"
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not lock everyone out of the contact form

# django-axes: admin logins from one client address pause after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lowmilk.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "lowmilk.ratelimit.admin_lockout"

# --- Logging: JSON lines on stderr (plain text with DEBUG=1), server errors emailed to ADMINS ----------------
# ADMINS="Ops <ops@example.org>, dev@example.org"; ERROR_LOG_HANDLER=dotted.path.Handler adds another
# destination for errors (instantiated without arguments); LOG_REQUESTS=0 stops the per-request lines.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if address]
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if not env_bool("LOG_REQUESTS", True):
    MIDDLEWARE.remove("lowmilk.logs.RequestLogMiddleware")
_ERROR_HANDLERS = ["console", "mail_admins"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "lowmilk.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "once_a_minute": {"()": "lowmilk.logs.OncePerInterval", "seconds": 60},
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
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"level": "WARNING"},  # failed logins and lockouts, not its start-up banner
        # Redis failures ignored by django-redis: one line a minute, not one per cache call during an outage.
        "lowmilk.cache": {"handlers": ["console_throttled"], "level": "WARNING", "propagate": False},
    },
}
if os.environ.get("ERROR_LOG_HANDLER"):
    LOGGING["handlers"]["extra_errors"] = {"level": "ERROR", "class": os.environ["ERROR_LOG_HANDLER"]}
    for _logger in ("django.request", "django.security"):
        LOGGING["loggers"][_logger]["handlers"] = [*_ERROR_HANDLERS, "extra_errors"]
    LOGGING["root"]["handlers"] = ["console", "extra_errors"]
