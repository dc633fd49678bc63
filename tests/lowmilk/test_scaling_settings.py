"""Several app servers: replicas and object storage switch on from environment variables, and only then."""

from tests.lowmilk.test_deploy_settings import production_settings, run

REPLICAS = "postgres://reader@10.0.0.21:5432/lowmilk,postgres://reader@10.0.0.22:5432/lowmilk"
S3 = {
    "AWS_STORAGE_BUCKET_NAME": "lowmilk-media",
    "AWS_S3_ENDPOINT_URL": "https://account.r2.cloudflarestorage.com",
    "AWS_S3_CUSTOM_DOMAIN": "media.lowmilksupply.org",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
}
NAMES = ("DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE", "STORAGES", "CONTENT_SECURITY_POLICY")


def test_one_machine_needs_none_of_it():
    seen = production_settings(*NAMES, DATABASE_REPLICA_URLS=None, AWS_STORAGE_BUCKET_NAME=None, MEDIA_STORAGE=None)

    assert list(seen["DATABASES"]) == ["default"]
    assert seen["DATABASE_ROUTERS"] == []
    assert "core.replicas.ReplicaMiddleware" not in seen["MIDDLEWARE"]
    assert seen["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_replicas_and_a_bucket_from_the_environment():
    seen = production_settings(*NAMES, DATABASE_REPLICA_URLS=REPLICAS, **S3)

    assert list(seen["DATABASES"]) == ["default", "replica1", "replica2"]
    replica = seen["DATABASES"]["replica2"]
    assert (replica["HOST"], replica["USER"], replica["OPTIONS"]["connect_timeout"]) == ("10.0.0.22", "reader", 2)
    assert seen["DATABASE_ROUTERS"] == ["core.replicas.ReplicaRouter"]
    middleware = seen["MIDDLEWARE"]
    # Above the outage page and the page cache, so it can answer again what a dying replica spoiled.
    assert middleware.index("core.replicas.ReplicaMiddleware") < middleware.index(
        "core.outage.DatabaseOutageMiddleware"
    )
    storage = seen["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert "https://media.lowmilksupply.org" in seen["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]


def test_check_deploy_stays_clean_with_replicas_and_a_bucket():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], DATABASE_REPLICA_URLS=REPLICAS, **S3)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_replica_that_is_not_postgresql_is_a_clear_start_up_error():
    # (A missing bucket name is tested with the storage itself, in tests/core/test_media_storage.py.)
    sqlite = run(["manage.py", "check"], DATABASE_REPLICA_URLS="sqlite:///replica.sqlite3")
    assert sqlite.returncode != 0 and "DATABASE_REPLICA_URLS must list PostgreSQL URLs" in sqlite.stderr
