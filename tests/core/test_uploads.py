"""Uploads: only verified raster images, size-limited, re-encoded, stored under random names, served safely."""

import io
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from core import uploads
from editorial.forms import version_stamp
from pages.models import SiteSettings

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|gif|webp)$")


def image_bytes(fmt="PNG", size=(40, 30), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt, **save_options)
    return buffer.getvalue()


def named(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, data, name="photo.png"):
    return client.post("/markdownx/upload/", {"image": named(data, name)}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def stored_files(media):
    return sorted(path for path in media.rglob("*") if path.is_file())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_editor_uploads_an_image_and_gets_markdown_for_it(admin_client, media, fmt):
    response = upload(admin_client, image_bytes(fmt), name=f"My Holiday Photo.{fmt.lower()}")

    assert response.status_code == 200
    url = re.fullmatch(r"!\[\]\((/media/uploads/[^)]+)\)", response.json()["image_code"]).group(1)
    [stored] = stored_files(media)
    assert RANDOM_NAME.match(stored.name) and url.endswith(stored.name)
    with Image.open(stored) as image:
        assert image.format == fmt


def test_the_stored_name_follows_the_content_never_the_uploaded_name(admin_client, media):
    response = upload(admin_client, image_bytes("PNG"), name="../../evil.html")

    assert response.status_code == 200
    [stored] = stored_files(media)
    assert stored.parent == media / "uploads" and stored.suffix == ".png"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "photo.png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "drawing.svg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', "plain.svg"),
        (image_bytes("PNG")[:60], "truncated.png"),
        (image_bytes("BMP"), "bitmap.bmp"),
        (image_bytes("TIFF"), "scan.tiff"),
        (b"", "empty.png"),
    ],
    ids=["html-named-png", "svg-with-script", "plain-svg", "truncated", "bmp", "tiff", "empty"],
)
def test_anything_but_a_valid_raster_image_is_refused(admin_client, media, data, name):
    response = upload(admin_client, data, name)

    assert response.status_code == 400
    assert "image" in response.json()
    assert stored_files(media) == []


def test_images_over_the_size_limit_are_refused(admin_client, media, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 1000
    data = image_bytes("PNG", size=(300, 300), compress_level=0)

    response = upload(admin_client, data)

    assert response.status_code == 400
    assert "too large" in response.json()["image"][0]
    assert stored_files(media) == []


def test_decompression_bombs_are_refused(admin_client, media, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PIXELS", 100 * 100)

    response = upload(admin_client, image_bytes("PNG", size=(200, 200)))

    assert response.status_code == 400
    assert "too many pixels" in response.json()["image"][0]


def test_images_are_reencoded_dropping_appended_data_and_metadata(admin_client, media):
    data = image_bytes("PNG", pnginfo=_text_chunk("secret", "GPS 51.5,-0.1")) + b"<script>alert(1)</script>"

    assert upload(admin_client, data).status_code == 200

    stored = stored_files(media)[0].read_bytes()
    assert b"<script" not in stored and b"GPS 51.5" not in stored


def _text_chunk(key, value):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(key, value)
    return info


def test_large_images_are_scaled_down(admin_client, media):
    assert upload(admin_client, image_bytes("JPEG", size=(3200, 800))).status_code == 200

    with Image.open(stored_files(media)[0]) as image:
        assert image.size == (1600, 400)


def test_animated_gifs_keep_their_frames(admin_client, media):
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)

    assert upload(admin_client, buffer.getvalue(), "anim.gif").status_code == 200

    with Image.open(stored_files(media)[0]) as image:
        assert image.n_frames == 3


def test_upload_and_preview_refuse_incomplete_requests_cleanly(admin_client, media):
    assert admin_client.post("/markdownx/upload/").status_code == 400
    assert admin_client.post("/markdownx/markdownify/").status_code == 400


def site_settings_form(cover):
    current = SiteSettings.load()
    data = {field: getattr(current, field) or "" for field in ("site_name", "tagline", "donation_appeal")}
    return {**data, "book_cover": cover, "loaded_version": version_stamp(current.updated_at)}


def test_book_cover_in_the_admin_is_verified_and_renamed(admin_client, media, site_settings):
    url = reverse("admin:pages_sitesettings_change", args=[1])

    response = admin_client.post(url, site_settings_form(named(image_bytes("JPEG"), "cover <b>.jpeg")))

    assert response.status_code == 302, response.content.decode()[:3000]
    name = SiteSettings.objects.get().book_cover.name
    assert name.startswith("book/") and RANDOM_NAME.match(name.removeprefix("book/"))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "cover.svg"),
        (b"<html><script>alert(1)</script></html>", "cover.png"),
        (image_bytes("TIFF"), "cover.tiff"),
    ],
    ids=["svg", "html", "tiff"],
)
def test_book_cover_refuses_what_is_not_a_web_image(admin_client, media, site_settings, data, name):
    url = reverse("admin:pages_sitesettings_change", args=[1])

    response = admin_client.post(url, site_settings_form(named(data, name)))

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not SiteSettings.objects.get().book_cover
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content", "image"),
    [("uploads/a.png", image_bytes("PNG"), True), ("uploads/page.html", b"<script>alert(1)</script>", False)],
    ids=["image", "html"],
)
def test_media_are_served_so_they_can_never_run_as_a_page(media, name, content, image):
    (media / "uploads").mkdir()
    (media / name).write_bytes(content)

    response = uploads.serve_media(RequestFactory().get(f"/media/{name}"), name)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    if image:
        assert response["Content-Type"] == "image/png"
        assert not response.get("Content-Disposition", "").startswith("attachment")
    else:
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"
