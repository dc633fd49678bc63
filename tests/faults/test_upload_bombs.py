"""Uploads that would hold a worker or carry hidden text: an animated GIF whose frames x pixels are far
beyond what a page shows is refused before any frame is decoded, and comments do not survive re-encoding."""

import io
import time

import pytest
from PIL import Image

from tests.core.test_uploads import media, stored_files, upload  # noqa: F401 (media is a fixture)

pytestmark = pytest.mark.django_db


def animated_gif(size, frames):
    colours = [((n * 40) % 256, (n * 90) % 256, (n * 20) % 256) for n in range(frames)]
    images = [Image.new("RGB", size, colour) for colour in colours]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], loop=0)
    return buffer.getvalue()


def gif_bomb(size, frames):
    """Palette frames that differ by a moving square: quick to write, each a full frame to decode."""
    images = []
    for frame in range(frames):
        image = Image.new("P", size, 0)
        image.paste(1 + frame % 200, (frame * 10, 0, frame * 10 + 10, 10))
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], loop=0)
    return buffer.getvalue()


def test_an_animated_gif_bomb_is_refused_quickly(admin_client, media):  # noqa: F811
    bomb = gif_bomb((2000, 2000), 60)  # 240 million pixels to decode, in a small file
    assert len(bomb) < 300 * 1024

    started = time.monotonic()
    response = upload(admin_client, bomb, name="bomb.gif")

    assert response.status_code == 400
    assert "too many pixels" in response.content.decode()
    assert time.monotonic() - started < 2.0
    assert stored_files(media) == []


def test_a_modest_animation_is_still_accepted(admin_client, media):  # noqa: F811
    response = upload(admin_client, animated_gif((200, 150), 12), name="wave.gif")

    assert response.status_code == 200
    [stored] = stored_files(media)
    with Image.open(stored) as image:
        assert image.n_frames == 12


@pytest.mark.parametrize("fmt", ["JPEG", "GIF"])
def test_comments_do_not_survive_re_encoding(admin_client, media, fmt):  # noqa: F811
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, fmt, comment=b"<script>alert(1)</script> secret note")

    response = upload(admin_client, buffer.getvalue(), name=f"note.{fmt.lower()}")

    assert response.status_code == 200
    [stored] = stored_files(media)
    assert b"secret note" not in stored.read_bytes()
