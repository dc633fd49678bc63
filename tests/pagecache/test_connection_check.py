"""The content generation, read first by every anonymous page, is also the kept database connection's health check.

Django's CONN_HEALTH_CHECKS would send "SELECT 1" before a request's first query on a connection kept from an
earlier request: a second round trip to the database on every page. The generation read does the check itself.
Django's test client does not start requests the way a server does, so each test marks the kept connection as
unchecked itself (``health_check_done = False``), as Django does when a server's next request begins.
"""

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from tests.factories import PageFactory


@pytest.fixture
def counted_health_checks(monkeypatch):
    calls = []
    original = connection.is_usable

    def is_usable():
        calls.append(True)
        return original()

    monkeypatch.setattr(connection, "is_usable", is_usable)
    return calls


@pytest.mark.parametrize("page_cache", [True, False])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as in a server: no transaction around it
def test_an_anonymous_page_makes_no_separate_health_check_round_trip(
    client, settings, site_settings, counted_health_checks, page_cache
):
    settings.PAGE_CACHE_ENABLED = page_cache
    PageFactory(slug="about")
    client.get("/about/")  # the connection is open and kept

    connection.health_check_done = False  # the next request on the kept connection begins
    assert client.get("/about/").status_code == 200

    assert counted_health_checks == []
    assert connection.health_check_done  # checked by the generation read: nothing else sends SELECT 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ends a PostgreSQL server process")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # data migrations' rows come back
def test_a_kept_connection_the_database_dropped_costs_the_reader_nothing(client, site_settings):
    PageFactory(slug="about")
    assert client.get("/about/").status_code == 200
    dropped = connection.connection.get_backend_pid()
    database = settings.DATABASES["default"]
    with (
        psycopg2.connect(
            dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"] or 5432
        ) as admin,
        admin.cursor() as cursor,
    ):  # as a database restart or a failover would
        cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])

    connection.health_check_done = False  # the next request on the kept connection begins
    response = client.get("/about/")

    assert response.status_code == 200
    assert connection.connection.get_backend_pid() != dropped
