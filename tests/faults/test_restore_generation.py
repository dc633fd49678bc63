"""A restore moves the content generation forward, never back to the backup's number, so no worker's cache
can serve a page of an edit the restore undid; and it clears nothing but what is ours in Redis."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command

from pagecache.generation import current_generation
from pages.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def backup(tmp_path):
    call_command("backup_site", output_dir=str(tmp_path), stdout=io.StringIO())
    [archive] = tmp_path.glob("lowmilk-*.tar.gz")
    return archive


def restore(archive):
    call_command("restore_site", str(archive), interactive=False, stdout=io.StringIO())


def edit(page, body):
    page.body = body
    page.save()


def test_pages_of_an_undone_edit_never_come_back(client, site_settings, tmp_path, monkeypatch):
    page = PageFactory(slug="about", body="What the backup holds.")
    archive = backup(tmp_path)
    edit(page, "An edit the restore undoes.")
    undone = current_generation().version
    assert "An edit the restore undoes." in client.get("/about/").content.decode()  # cached at that generation

    # Other workers' caches are not cleared by a restore run from the command line: keep this one's too.
    monkeypatch.setattr(caches["default"], "clear", lambda: None)
    restore(archive)

    assert current_generation().version > undone
    for n in range(5):  # later edits never bring the number back round to the undone page's
        assert "An edit the restore undoes." not in client.get("/about/").content.decode()
        edit(Page.objects.get(slug="about"), f"What the backup holds. Edit {n}.")


def test_a_restore_leaves_other_keys_in_redis_alone(redis_server, settings, monkeypatch, site_settings, tmp_path):
    from lowmilk.settings.caching import cache_from_env

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    settings.CACHES = {"default": cache_from_env()}
    PageFactory(slug="about")
    archive = backup(tmp_path)
    redis_server.client.set("another-site:session", "theirs")

    restore(archive)

    assert redis_server.client.get("another-site:session") == b"theirs"
