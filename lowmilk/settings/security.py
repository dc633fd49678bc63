"""Security: production hardening, Content Security Policy, rate limits and admin lockouts."""

import os
from datetime import timedelta
from urllib.parse import urlsplit

from csp.constants import NONE, SELF

from lowmilk.settings.base import CONSULTANTS_MAP_TILE_URL, CONSULTANTS_SUBMIT_RATE, DEBUG, env_bool
from lowmilk.settings.scaling import media_origin

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
# Images only from this site, plus the consultant map's tile server when one is configured, and the bucket (or
# its CDN) when uploads live in object storage.
_tiles = urlsplit(CONSULTANTS_MAP_TILE_URL)
_MAP_TILE_ORIGINS = [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if _tiles.netloc else []
_MEDIA_ORIGINS = [_origin] if (_origin := media_origin()) else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *_MAP_TILE_ORIGINS, *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Rate limits per client address, as "count/period" (django-ratelimit syntax: 5/10m, 60/m, 100/h);
# RATE_LIMIT_<GROUP> overrides one, e.g. RATE_LIMIT_CONTACT=20/h. Applied with core.ratelimit.rate_limit.
RATE_LIMITS = {
    group: os.environ.get(f"RATE_LIMIT_{group.upper()}", default)
    for group, default in {"contact": "5/10m", "listing": CONSULTANTS_SUBMIT_RATE, "search": "60/m"}.items()
}
# The client address is REMOTE_ADDR unless this many trusted proxies (nginx: 1) append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "core.clients.client_address"
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
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "core.ratelimit.admin_lockout"
