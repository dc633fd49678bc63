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
