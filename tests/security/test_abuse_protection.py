"""Rate limits per client address on public forms and search, and django-axes on the admin login."""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory

from core.clients import client_address
from core.ratelimit import rate_limit
from pages.models import ContactMessage

pytestmark = pytest.mark.django_db

VALID = {"name": "Sam Parent", "email": "sam@example.org", "subject": "Hello", "message": "Thank you."}


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": "3/10m", "search": "2/m"}
    return settings.RATE_LIMITS


def test_contact_form_is_limited_per_client_address_with_a_friendly_429(client, site_settings, limits):
    for _ in range(3):
        assert client.post("/contact/", VALID).status_code == 302

    refused = client.post("/contact/", {**VALID, "subject": "One too many"})
    html = refused.content.decode()

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "Please wait a moment" in html and "has <strong>not</strong> been sent" in html
    assert 'class="site-header"' in html  # in the site's design
    assert ContactMessage.objects.count() == 3
    assert client.post("/contact/", VALID, REMOTE_ADDR="203.0.113.9").status_code == 302  # someone else


def test_reading_the_contact_page_does_not_count(client, site_settings, limits):
    for _ in range(5):
        assert client.get("/contact/").status_code == 200

    assert client.post("/contact/", VALID).status_code == 302


def test_a_spoofed_x_forwarded_for_does_not_escape_the_limit(client, site_settings, limits):
    statuses = [client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)]

    assert statuses == [302, 302, 302, 429, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(client, site_settings, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR=f"6.6.6.6, 198.51.100.{n}").status_code for n in range(5)
    ]

    assert statuses == [302] * 5


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "127.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "evil, 198.51.100.7", "198.51.100.7"),
        (2, "198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
        (2, "198.51.100.7", "127.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_the_decorator_limits_gets_for_search(rf, limits):
    @rate_limit("search", methods=["GET"])
    def search(request):
        return HttpResponse("results")

    statuses = [search(rf.get("/search/", {"q": "milk"})).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_site_search_is_limited_per_client_address(client, site_settings, limits):
    statuses = [client.get("/search/", {"q": f"milk {n}"}).status_code for n in range(3)]

    assert statuses == [200, 200, 429]
    assert client.get("/search/", {"q": "milk"}, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_a_group_without_a_limit_is_not_limited(rf, settings):
    settings.RATE_LIMITS = {}

    @rate_limit("unconfigured")
    def view(request):
        return HttpResponse("ok")

    assert [view(rf.post("/")).status_code for _ in range(20)] == [200] * 20


# --- django-axes on the admin login ---


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", "editor@example.org", "correct horse battery", is_staff=True)


def admin_login(client, password, **extra):
    return client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password}, **extra)


def test_admin_login_locks_out_after_repeated_failures(client, editor, settings, site_settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "wrong").status_code == 200  # the login form again, with its error

    locked = admin_login(client, "wrong")
    html = locked.content.decode()

    assert locked.status_code == 429
    assert "Sign-in paused" in html and "60 minutes" in html and "axes_reset" in html
    assert admin_login(client, "correct horse battery").status_code == 429  # even the right password waits
    assert admin_login(client, "correct horse battery", REMOTE_ADDR="203.0.113.5").status_code == 302


def test_an_administrator_unlocks_with_axes_reset(client, editor, settings, site_settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "wrong")
    assert AccessAttempt.objects.exists()

    call_command("axes_reset", stdout=io.StringIO())

    assert admin_login(client, "correct horse battery").status_code == 302


def test_lockouts_are_listed_and_deletable_in_the_admin(client, admin_client, editor, settings, site_settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "wrong")
    attempt = AccessAttempt.objects.get()

    assert admin_client.get("/admin/axes/accessattempt/").status_code == 200
    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    assert admin_login(client, "correct horse battery").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, editor, settings, site_settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "wrong")
    assert admin_login(client, "correct horse battery").status_code == 302
    client.logout()

    assert admin_login(client, "wrong").status_code == 200
