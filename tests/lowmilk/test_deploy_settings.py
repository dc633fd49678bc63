"""Production settings: ``check --deploy`` is clean, and the hardening follows the environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
NOT_IN_PRODUCTION = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_env(**overrides):
    # Test-only variables stay out (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which production must not).
    env = {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}
    env.update(
        DJANGO_SETTINGS_MODULE="lowmilk.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="lowmilksupply.org,www.lowmilksupply.org",
        TRUSTED_PROXY_COUNT="1",  # behind the shipped nginx
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args, **overrides):
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *args], cwd=BASE_DIR, env=production_env(**overrides), capture_output=True, text=True
    )


def production_settings(*names, **overrides):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = run(["-c", code], **overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_hardening_is_on_by_default():
    values = production_settings(
        "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS", "TRUSTED_PROXY_COUNT",
    )  # fmt: skip

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_x_forwarded_for_is_ignored_until_a_proxy_is_declared():
    assert production_settings("TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT=None)["TRUSTED_PROXY_COUNT"] == 0


def test_check_deploy_warns_when_behind_a_proxy_without_trusting_its_forwarded_address():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], TRUSTED_PROXY_COUNT=None)

    assert result.returncode == 1
    assert "lowmilk.W001" in result.stderr and "TRUSTED_PROXY_COUNT=1" in result.stderr
    without_proxy = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], TRUSTED_PROXY_COUNT=None, BEHIND_PROXY="0"
    )
    assert without_proxy.returncode == 0, without_proxy.stderr


def test_ssl_redirect_can_be_turned_off_for_a_plain_http_loopback_benchmark():
    values = production_settings("SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", SECURE_SSL_REDIRECT="0")

    assert values["SECURE_SSL_REDIRECT"] is False


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], SECRET_KEY=None)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
