import shutil

import pytest

import core.cache
from tests.support.services import postgres_bin, private_postgres, private_redis, tarpit_smtp


@pytest.fixture
def redis_server(monkeypatch):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server): the fault tests need it")
    monkeypatch.setattr(core.cache, "_skip_until", 0.0)  # no pause left over from another test's outage
    with private_redis() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server():
    if postgres_bin() is None:
        pytest.fail("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    with private_postgres() as server:
        yield server


@pytest.fixture
def smtp_tarpit():
    with tarpit_smtp() as port:
        yield port


@pytest.fixture(scope="session", autouse=True)
def _data_migrations_survive_flushes(django_db_setup, django_db_blocker):
    """Put back what migrations wrote (languages, the site, roles) once the session's tests are done.

    The race and mail tests run in real transactions, which Django ends by emptying every table; with
    --reuse-db the next session would find the database without them.
    """
    yield
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)
