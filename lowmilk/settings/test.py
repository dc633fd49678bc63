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
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests: look files up per request instead of at start
