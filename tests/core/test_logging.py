"""Structured logs: JSON lines, one per request, and server errors emailed to the admins."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from core.logs import JsonFormatter
from tests.lowmilk.test_deploy_settings import NOT_IN_PRODUCTION

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_formatter_writes_one_json_object_with_extras_and_traceback():
    formatter = JsonFormatter()
    try:
        raise ValueError("bad value")
    except ValueError:
        record = logging.getLogger("lowmilk.test").makeRecord(
            "lowmilk.test", logging.ERROR, __file__, 1, "Failed for %s", ("sam",), sys.exc_info(),
            extra={"status_code": 500, "path": "/contact/"},
        )  # fmt: skip

    line = formatter.format(record)
    data = json.loads(line)

    assert "\n" not in line
    assert data["level"] == "ERROR" and data["logger"] == "lowmilk.test" and data["message"] == "Failed for sam"
    assert data["status_code"] == 500 and data["path"] == "/contact/"
    assert data["time"].endswith("Z")
    assert "ValueError: bad value" in data["exc_info"]


def test_django_request_records_show_the_method_and_path_instead_of_the_request_object(rf):
    record = logging.getLogger("django.request").makeRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None,
        extra={"status_code": 404, "request": rf.post("/x/?q=1")},
    )  # fmt: skip

    data = json.loads(JsonFormatter().format(record))

    assert "request" not in data
    assert (data["method"], data["path"], data["status_code"]) == ("POST", "/x/", 404)


def test_every_request_is_logged_with_status_duration_and_client(client, site_settings, caplog):
    with caplog.at_level(logging.INFO, logger="lowmilk.requests"):
        client.get("/references/?q=milk", REMOTE_ADDR="198.51.100.4")
        client.get("/no-such-page/")

    records = [record for record in caplog.records if record.name == "lowmilk.requests"]
    assert [(r.method, r.path, r.status_code) for r in records] == [
        ("GET", "/references/", 200),
        ("GET", "/no-such-page/", 404),
    ]
    assert records[0].client == "198.51.100.4" and records[0].duration_ms >= 0


def test_server_errors_are_emailed_to_the_admins(client, site_settings, settings, monkeypatch):
    settings.ADMINS = [("Ops", "ops@example.org")]
    monkeypatch.setattr("website.views.sections_with_articles", lambda: 1 / 0)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    [message] = mail.outbox
    assert message.to == ["ops@example.org"]
    assert "Internal Server Error: /" in message.subject
    assert "ZeroDivisionError" in message.body


def test_production_logs_are_json_lines_on_stderr_and_admins_come_from_the_environment():
    env = {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}
    env.update(
        DJANGO_SETTINGS_MODULE="lowmilk.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="lowmilksupply.org",
        ADMINS="Ops Team <ops@example.org>, dev@example.org",
    )
    code = (
        "import django, json, logging; django.setup(); from django.conf import settings; "
        "logging.getLogger('lowmilk.check').warning('disk %s full', 'media', extra={'percent': 97}); "
        "print(json.dumps(settings.ADMINS))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [["Ops Team", "ops@example.org"], ["", "dev@example.org"]]
    [line] = result.stderr.strip().splitlines()
    logged = json.loads(line)
    assert (logged["level"], logged["logger"], logged["message"], logged["percent"]) == (
        "WARNING", "lowmilk.check", "disk media full", 97,
    )  # fmt: skip
