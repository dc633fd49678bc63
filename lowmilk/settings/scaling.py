"""Running on several app servers: read replicas and media in S3-compatible object storage.

Both are off unless configured; a single server needs none of this (README: "Running on more than one machine").

Read replicas: ``DATABASE_REPLICA_URLS`` (comma separated, same syntax as ``DATABASE_URL``) adds the aliases
``replica1``, ``replica2``, ... with the router and middleware of ``core.replicas``.
``DATABASE_REPLICA_PIN_SECONDS`` (15) keeps a browser that just sent a form on the primary;
``DATABASE_REPLICA_RETRY_SECONDS`` (10) is how long an unreachable replica is left alone;
``DATABASE_REPLICA_CONNECT_TIMEOUT`` (2) bounds the wait for one; ``DATABASE_REPLICA_HEADER=1`` adds
``X-Database`` (which database a page was read from) to answers, for load tests.

Media: ``MEDIA_STORAGE=s3`` (implied by ``AWS_STORAGE_BUCKET_NAME``) stores uploads with django-storages'
S3 backend: any S3-compatible service (AWS S3, Cloudflare R2, MinIO, Backblaze B2). ``AWS_STORAGE_BUCKET_NAME``,
``AWS_S3_ENDPOINT_URL`` (empty for AWS itself), ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``,
``AWS_S3_REGION_NAME``, ``AWS_S3_CUSTOM_DOMAIN`` (a CDN or the bucket's public host; files are linked there),
``AWS_S3_URL_PROTOCOL`` (``https:``), ``AWS_LOCATION`` (a folder inside the bucket), ``AWS_DEFAULT_ACL``
(empty: the bucket's policy decides; ``public-read`` where ACLs are used), ``MEDIA_CACHE_CONTROL``.
Files are linked without signatures, since cached pages outlive any signature: the bucket (or the CDN in
front of it) must let anyone read its objects.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Uploaded files get random names and never change, so browsers and CDNs may keep them for a year.
DEFAULT_MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def _env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def replica_databases(conn_max_age, conn_health_checks=True):
    """The ``DATABASES`` entries of the replicas named in ``DATABASE_REPLICA_URLS`` (empty when unset)."""
    databases = {}
    timeout = int(os.environ.get("DATABASE_REPLICA_CONNECT_TIMEOUT", "2"))
    for number, url in enumerate(_env_list("DATABASE_REPLICA_URLS"), start=1):
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks)
        if "postgresql" not in config["ENGINE"]:
            raise ImproperlyConfigured("DATABASE_REPLICA_URLS must list PostgreSQL URLs (postgres://...).")
        # A replica that does not answer must cost a reader seconds, not the operating system's minutes.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", timeout)
        # In tests, a replica is the test database itself (Django's test mirror).
        config["TEST"] = {"MIRROR": "default"}
        databases[f"replica{number}"] = config
    return databases


def media_in_object_storage():
    storage = os.environ.get("MEDIA_STORAGE", "").strip().lower()
    if storage not in ("", "s3", "local"):
        raise ImproperlyConfigured("MEDIA_STORAGE must be 's3' or 'local'.")
    return storage == "s3" or (storage == "" and bool(os.environ.get("AWS_STORAGE_BUCKET_NAME")))


def media_storage():
    """``STORAGES["default"]``: the S3 backend when configured, else files under MEDIA_ROOT."""
    if not media_in_object_storage():
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL") or "https:",
        "location": os.environ.get("AWS_LOCATION", ""),
        "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        # Plain links: pages holding them are cached far longer than a signed link would live.
        "querystring_auth": False,
        # Like the local disk: a name already taken gets a new one instead of replacing a file.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": os.environ.get("MEDIA_CACHE_CONTROL", DEFAULT_MEDIA_CACHE_CONTROL)},
    }
    # Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by django-storages and boto3), or from
    # the machine's role on AWS itself.
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_origin():
    """The scheme and host media files are linked from when they live in object storage (for the CSP), or None."""
    if not media_in_object_storage():
        return None
    domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    if domain:
        protocol = os.environ.get("AWS_S3_URL_PROTOCOL") or "https:"
        return f"{protocol}//{domain.split('/')[0]}"
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL")
    if endpoint:
        parts = urlsplit(endpoint)
        return f"{parts.scheme}://{parts.netloc}"
    region = os.environ.get("AWS_S3_REGION_NAME")
    # AWS's own addresses: the bucket's virtual host, in its region when one is given.
    host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    return f"https://{os.environ['AWS_STORAGE_BUCKET_NAME']}.{host}"


# The replica settings core.replicas reads (base.py adds the replicas, router and middleware to DATABASES,
# DATABASE_ROUTERS and MIDDLEWARE; security.py adds the media origin to the CSP).
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "15"))
DATABASE_REPLICA_RETRY_SECONDS = float(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", "10"))
DATABASE_REPLICA_HEADER = os.environ.get("DATABASE_REPLICA_HEADER", "").strip().lower() in {"1", "true", "yes", "on"}
