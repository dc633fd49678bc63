"""Database down: public pages answer a friendly 503, forms are refused with a message, and the site
serves again as soon as the database answers, without a restart."""

from contextlib import contextmanager

import psycopg2
import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError

from core.outage import DatabaseOutageMiddleware, database_unavailable_response
from pages.models import ContactMessage
from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Sam Parent", "email": "sam@example.org", "subject": "Hello", "message": "Thank you."}


@contextmanager
def queries_fail():
    """Every SQL statement fails as it does when the server has gone away mid-connection."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        yield


@contextmanager
def connections_refused(monkeypatch):
    """Opening a connection fails as it does when nothing listens on the database port."""

    def refuse():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        yield


@pytest.fixture
def site(site_settings):
    article = ArticleFactory()
    PageFactory(slug="about", title="About Us")
    return ["/", "/articles/", article.section.get_absolute_url(), article.get_absolute_url(), "/references/",
            "/about/", "/contact/"]  # fmt: skip


@pytest.fixture(params=["queries fail", "connections refused"])
def outage(request, monkeypatch):
    return queries_fail if request.param == "queries fail" else lambda: connections_refused(monkeypatch)


def test_public_pages_answer_a_friendly_503_and_recover_without_a_restart(client, site, outage):
    with outage():
        responses = {url: client.get(url) for url in site}
        health = client.get("/healthz")

    for url, response in responses.items():
        html = response.content.decode()
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert "We&#x27;ll be back shortly" in html or "We'll be back shortly" in html
        assert 'class="site-header"' in html and "/static/css/site.css" in html  # the site's design
        assert "Traceback" not in html
    assert health.status_code == 503

    assert all(client.get(url).status_code == 200 for url in site)
    assert client.get("/healthz").status_code == 200


def test_a_form_sent_during_the_outage_is_refused_with_a_message_not_lost_silently(client, site, outage):
    client.get("/contact/")
    with outage():
        response = client.post("/contact/", VALID)

    html = response.content.decode()
    assert response.status_code == 503
    assert "Your message was not sent" in html and "Nothing was saved." in html
    assert not ContactMessage.objects.exists()

    assert client.post("/contact/", VALID).status_code == 302  # once the database is back, it goes through
    assert ContactMessage.objects.count() == 1


def test_the_503_page_itself_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = database_unavailable_response(rf.get("/"))

    assert response.status_code == 503 and response["Cache-Control"] == "no-store"


def test_only_database_errors_become_a_503(rf):
    middleware = DatabaseOutageMiddleware(lambda request: None)

    assert middleware.process_exception(rf.get("/"), RuntimeError("a bug, not an outage")) is None
    assert middleware.process_exception(rf.get("/"), psycopg2.OperationalError("refused")).status_code == 503
    assert middleware.process_exception(rf.get("/"), InterfaceError("connection already closed")).status_code == 503
