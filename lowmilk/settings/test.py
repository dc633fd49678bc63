"""Settings for the test suite: fast hashing, in-memory email and cache."""

import os

from lowmilk.settings import *  # noqa: F403

SECRET_KEY = "test-suite-only-secret-key"  # noqa: S105

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# What post-office's queue delivers through (tests that queue mail, the admin's "resend").
# Each test run sends its queue alone: another run on the machine (or the site itself) must not hold its lock.
POST_OFFICE = {**POST_OFFICE, "BACKENDS": {"default": EMAIL_BACKEND}, "LOCK_FILE_NAME": f"lowmilk-tests-{os.getpid()}"}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_DOMAIN = "testserver"
SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP; the rest of the production hardening stays on
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PAGE_CACHE_ENABLED = True
# Every out-of-date page is rendered afresh at its next request, however soon after the last refresh: tests that
# edit and read back at once stay exact. tests/pagecache/test_page_cache.py sets the share to test serving stale.
PAGE_CACHE_REFRESH_SHARE = 1.0
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests: look files up per request instead of at start
