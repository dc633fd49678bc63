"""The smaller faults: feeds publish summaries as text, bad Host headers are warnings (not emails), the
documented minimal production environment passes `check --deploy`, and an Administrator who is not a
superuser can unlock a paused sign-in and see the outgoing mail."""

import logging
import re
import secrets
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from core.content import ADMINISTRATORS
from editorial.roles import setup_roles
from tests.factories import ArticleFactory
from tests.lowmilk.test_deploy_settings import run
from tests.security.test_abuse_protection import admin_login

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = '<img src=x onerror="alert(1)"> Milk & more'


@pytest.mark.parametrize("url", ["/feed/", "/feed/rss/"])
def test_feeds_publish_a_summary_as_text_never_as_active_html(client, site_settings, url):
    ArticleFactory(summary=PAYLOAD)

    root = ET.fromstring(client.get(url).content)  # noqa: S314 (our own feed)

    [html] = [element.text for element in root.iter() if element.tag.rsplit("}", 1)[-1] in ("description", "summary")
              and element.text and "onerror" in element.text]  # fmt: skip
    assert "<img" not in html  # what a feed reader renders as HTML shows the markup as text
    assert "&lt;img" in html and "&amp; more" in html


def test_a_bad_host_header_is_a_warning_and_emails_nobody(client, settings, site_settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(handler)
    try:
        response = client.get("/", HTTP_HOST="evil.example")
    finally:
        logger.removeHandler(handler)

    assert response.status_code == 400
    assert mail.outbox == []
    assert [record.levelname for record in records] == ["WARNING"]


def documented_minimal_environment():
    text = (ROOT / "docs" / "SECURITY.md").read_text()
    block = re.search(r"<!-- minimal-production-environment -->\n(.*?)<!-- /", text, re.S).group(1)
    return dict(line.strip().split("=", 1) for line in block.strip().splitlines())


def test_check_deploy_is_clean_with_the_documented_minimal_environment():
    env = documented_minimal_environment()
    assert set(env) == {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "TRUSTED_PROXY_COUNT"}
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    env["DATABASE_URL"] = "sqlite:///unused.sqlite3"  # check --deploy does not connect

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    assert result.returncode == 0, result.stderr


@pytest.fixture
def administrator(django_user_model):
    setup_roles()
    user = django_user_model.objects.create_user("ada", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_who_is_not_a_superuser_unlocks_a_paused_sign_in(
    administrator, django_user_model, settings, site_settings
):
    django_user_model.objects.create_user("editor", password="correct horse battery", is_staff=True)
    visitor = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(visitor, "wrong")
    attempt = AccessAttempt.objects.get()
    assert admin_login(visitor, "correct horse battery").status_code == 429

    assert administrator.get("/admin/axes/accessattempt/").status_code == 200
    response = administrator.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    assert admin_login(visitor, "correct horse battery").status_code == 302


def test_an_administrator_sees_the_outgoing_mail_and_its_status(administrator):
    assert administrator.get("/admin/post_office/email/").status_code == 200
