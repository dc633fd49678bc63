"""Media in S3-compatible object storage, against a local S3-API server (moto's) started for these tests.

Selected by environment variables (the same ones production sets); uploads keep their verification and
re-encoding, objects get the right content type and cache headers and are readable by anyone, and backups
carry the bucket's objects both ways.
"""

import io
import itertools
import json
import re
import tarfile
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from editorial.forms import version_stamp
from lowmilk.settings import scaling as settings_scaling
from pages.models import SiteSettings
from tests.support import services

pytestmark = pytest.mark.django_db

_bucket_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def s3_endpoint():
    with services.s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new public-read bucket per test, made the default storage through the production settings' variables."""
    name = f"lowmilk-test-{next(_bucket_numbers)}"
    client = services.s3_client(s3_endpoint)
    client.create_bucket(Bucket=name)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    for variable, value in {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_REGION_NAME": "us-east-1",
    }.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": settings_scaling.media_storage()}
    yield client, name
    settings.STORAGES = {**settings.STORAGES}  # django resets default_storage when STORAGES changes


def objects(client, bucket_name):
    listed = client.list_objects_v2(Bucket=bucket_name).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=bucket_name, Key=item["Key"]) for item in listed}


def image_bytes(fmt="PNG", size=(40, 30), **options):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt, **options)
    return buffer.getvalue()


def named(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file


def upload(client, data, name="photo.png"):
    return client.post("/markdownx/upload/", {"image": named(data, name)}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def test_an_editor_upload_is_stored_in_the_bucket_reencoded_typed_cached_and_public(admin_client, bucket, s3_endpoint):
    client, name = bucket
    exif = Image.Exif()
    exif[0x010E] = "GPS 51.5,-0.1 secret"  # ImageDescription
    data = image_bytes("JPEG", size=(3200, 800), exif=exif.tobytes()) + b"<script>alert(1)</script>"

    response = upload(admin_client, data, "holiday.jpeg")

    assert response.status_code == 200, response.content
    url = re.fullmatch(r"!\[\]\(([^)]+)\)", response.json()["image_code"]).group(1)
    assert url.startswith(f"{s3_endpoint}/{name}/uploads/") and url.endswith(".jpg")
    assert "Signature" not in url  # plain links: cached pages outlive signed ones
    [(key, stored)] = objects(client, name).items()
    assert url.endswith(key)
    assert stored["ContentType"] == "image/jpeg"
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"
    body = stored["Body"].read()
    assert b"<script" not in body and b"GPS 51.5" not in body
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (1600, 400)
    with urllib.request.urlopen(url) as public:  # noqa: S310 - the local S3 server
        assert public.status == 200
        assert public.headers["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"),
        (b"<html><script>alert(1)</script></html>", "x.png"),
    ],
    ids=["svg", "html"],
)
def test_what_is_not_a_web_image_never_reaches_the_bucket(admin_client, bucket, data, name):
    client, bucket_name = bucket

    assert upload(admin_client, data, name).status_code == 400
    assert objects(client, bucket_name) == {}


def test_the_book_cover_is_verified_renamed_and_stored_in_the_bucket(admin_client, bucket, site_settings):
    client, bucket_name = bucket
    current = SiteSettings.load()
    form = {field: getattr(current, field) or "" for field in ("site_name", "tagline", "donation_appeal")}
    form |= {"book_cover": named(image_bytes("PNG"), "cover <b>.png")}
    form |= {"loaded_version": version_stamp(current.updated_at)}

    response = admin_client.post(reverse("admin:pages_sitesettings_change", args=[1]), form)

    assert response.status_code == 302
    cover = SiteSettings.objects.get().book_cover
    assert re.fullmatch(r"book/[0-9a-f]{32}\.png", cover.name)
    stored = objects(client, bucket_name)[cover.name]
    assert stored["ContentType"] == "image/png"
    assert stored["CacheControl"].startswith("public, max-age=")


def test_backup_and_restore_carry_the_buckets_objects(bucket, site_settings, tmp_path):
    client, bucket_name = bucket
    site_settings.book_cover.save("cover.png", ContentFile(image_bytes("PNG")))
    nested = default_storage.save("uploads/nested/photo.jpg", ContentFile(image_bytes("JPEG")))
    before = {key: stored["Body"].read() for key, stored in objects(client, bucket_name).items()}
    assert set(before) == {site_settings.book_cover.name, nested}

    call_command("backup_site", output_dir=str(tmp_path), stdout=io.StringIO())
    [archive] = tmp_path.glob("lowmilk-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert {f"media/{key}" for key in before} <= set(tar.getnames())

    for key in before:
        client.delete_object(Bucket=bucket_name, Key=key)
    call_command("restore_site", str(archive), interactive=False, stdout=io.StringIO())

    after = objects(client, bucket_name)
    assert {key: stored["Body"].read() for key, stored in after.items()} == before
    assert after[nested]["ContentType"] == "image/jpeg"
    assert after[site_settings.book_cover.name]["ContentType"] == "image/png"
    assert after[nested]["CacheControl"] == "public, max-age=31536000, immutable"


def test_restore_replaces_an_object_of_the_same_name_instead_of_renaming_it(bucket, site_settings, tmp_path):
    client, bucket_name = bucket
    name = default_storage.save("uploads/photo.png", ContentFile(image_bytes("PNG")))
    original = client.get_object(Bucket=bucket_name, Key=name)["Body"].read()
    call_command("backup_site", output_dir=str(tmp_path), stdout=io.StringIO())
    client.put_object(Bucket=bucket_name, Key=name, Body=b"changed since the backup")

    call_command("restore_site", str(next(tmp_path.glob("lowmilk-*.tar.gz"))), interactive=False, stdout=io.StringIO())

    assert set(objects(client, bucket_name)) == {name}
    assert client.get_object(Bucket=bucket_name, Key=name)["Body"].read() == original


def test_media_storage_is_chosen_by_environment_variables(monkeypatch):
    for variable in ("MEDIA_STORAGE", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_CUSTOM_DOMAIN"):
        monkeypatch.delenv(variable, raising=False)
    assert settings_scaling.media_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert settings_scaling.media_origin() is None

    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        settings_scaling.media_storage()

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "site-media")
    assert settings_scaling.media_storage()["BACKEND"] == "storages.backends.s3.S3Storage"
    assert settings_scaling.media_origin() == "https://site-media.s3.amazonaws.com"
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://account.r2.cloudflarestorage.com")
    assert settings_scaling.media_origin() == "https://account.r2.cloudflarestorage.com"
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.lowmilksupply.org")
    assert settings_scaling.media_origin() == "https://media.lowmilksupply.org"

    monkeypatch.setenv("MEDIA_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE"):
        settings_scaling.media_storage()


def test_a_restore_whose_bucket_refuses_the_files_says_so_in_one_line(bucket, site_settings, tmp_path):
    client, bucket_name = bucket
    default_storage.save("uploads/photo.png", ContentFile(image_bytes("PNG")))
    call_command("backup_site", output_dir=str(tmp_path), stdout=io.StringIO())
    client.delete_object(Bucket=bucket_name, Key="uploads/photo.png")
    client.delete_bucket(Bucket=bucket_name)  # gone, as after a mistyped bucket name

    with pytest.raises(CommandError, match="content was restored, but restoring the media files failed"):
        call_command(
            "restore_site", str(next(tmp_path.glob("lowmilk-*.tar.gz"))), interactive=False, stdout=io.StringIO()
        )
