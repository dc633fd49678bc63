"""Backups: a populated site round-trips through backup_site and restore_site, rows and media files alike."""

import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from articles.models import Article, Section
from backups.archive import backed_up_models
from pages.models import ContactMessage, Page, SiteSettings
from references.models import Reference
from tests.factories import (
    ArticleFactory,
    ContactMessageFactory,
    PageFactory,
    ReferenceFactory,
    SectionFactory,
    SiteSettingsFactory,
)

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def png(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def populated_site(media):
    editors = Group.objects.create(name="Editors")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_article", "add_reference"]))
    editor = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    editor.groups.add(editors)
    editor.user_permissions.add(Permission.objects.get(codename="view_contactmessage"))
    references = [ReferenceFactory(key="clavey1996"), ReferenceFactory(key="jenner2002", title="Ünïcode ✓ title")]
    section = SectionFactory(intro="Intro with **markdown**.")
    first = ArticleFactory(section=section, body="Cites [@clavey1996] and [@jenner2002; @clavey1996].")
    second = ArticleFactory(section=section, status="draft")
    second.related.add(first)
    PageFactory(slug="about", nav_order=1)
    ContactMessageFactory(message="Line one\nline two")
    settings_row = SiteSettingsFactory()
    settings_row.book_cover.save("cover.png", ContentFile(png("red")))
    (media / "uploads" / "nested").mkdir(parents=True)
    (media / "uploads" / "nested" / "photo.png").write_bytes(png("blue"))
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(first.pk),
        object_repr=str(first),
        action_flag=CHANGE,
        change_message="Edited the body.",
    )
    return {"references": references, "articles": [first, second]}


def snapshot():
    """Every backed-up model's rows, in primary-key order.

    Many-to-many link rows are compared by what they link: their own surrogate id is not content (dumpdata
    stores the links, and the database numbers the rows again on loading).
    """
    rows = {}
    for model in backed_up_models():
        if model._meta.auto_created:
            columns = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
            rows[model._meta.label] = sorted(model._base_manager.values_list(*columns))
        else:
            rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def media_files(root):
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_populated_site_round_trips(populated_site, media, tmp_path):
    before, files_before = snapshot(), media_files(media)
    for label in ["auth.User", "auth.Group", "auth.Group_permissions", "auth.User_groups", "admin.LogEntry",
                  "references.Reference", "articles.Section", "articles.Article", "articles.Article_related",
                  "articles.Citation", "pages.Page", "pages.SiteSettings", "pages.ContactMessage"]:  # fmt: skip
        assert before[label], f"populate {label} in the populated_site fixture"

    out = io.StringIO()
    call_command("backup_site", output_dir=str(tmp_path / "backups"), stdout=out)
    [archive] = (tmp_path / "backups").glob("lowmilk-*.tar.gz")
    assert str(archive) in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    # Lose and change things after the backup.
    Article.objects.all().delete()
    Section.objects.all().delete()
    Reference.objects.filter(key="jenner2002").update(title="Vandalised")
    Page.objects.create(title="Spam", slug="spam", body="spam")
    ContactMessage.objects.all().delete()
    User.objects.create_user("intruder")
    for path in media.rglob("*.png"):
        path.write_bytes(b"overwritten")

    edited = snapshot()["pagecache.ContentGeneration"][0]["version"]
    call_command("restore_site", str(archive), interactive=False, stdout=io.StringIO())

    after = snapshot()
    # The content generation is the one row that moves on, past the number the edits reached.
    assert after.pop("pagecache.ContentGeneration")[0]["version"] > edited
    before.pop("pagecache.ContentGeneration")
    assert after == before
    assert media_files(media) == files_before
    # Sequences were reset past the restored ids: new rows still get fresh primary keys.
    assert ArticleFactory().pk > max(row["id"] for row in before["articles.Article"])


def test_restored_pages_are_served(client, populated_site, tmp_path):
    call_command("backup_site", output_dir=str(tmp_path), stdout=io.StringIO())
    Article.objects.all().delete()
    [archive] = tmp_path.glob("lowmilk-*.tar.gz")

    call_command("restore_site", str(archive), interactive=False, stdout=io.StringIO())

    response = client.get(populated_site["articles"][0].get_absolute_url())
    assert response.status_code == 200 and "clavey1996" not in response.content.decode()  # numbered, not keys
    assert SiteSettings.load().book_cover.read() == png("red")


def restore_error(path):
    with pytest.raises(CommandError) as raised:
        call_command("restore_site", str(path), interactive=False, stdout=io.StringIO())
    return str(raised.value)


def test_bad_files_are_clear_errors_and_change_nothing(populated_site, tmp_path):
    before = snapshot()
    not_gzip = tmp_path / "notes.tar.gz"
    not_gzip.write_text("hello")
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        archive.addfile(tarfile.TarInfo("something.txt"), io.BytesIO(b""))

    assert "Backup file not found" in restore_error(tmp_path / "missing.tar.gz")
    assert "Not a file" in restore_error(tmp_path)
    assert "not a lowmilk backup archive" in restore_error(not_gzip)
    assert "not a lowmilk backup archive" in restore_error(foreign)
    assert snapshot() == before


def test_hostile_archive_entries_are_refused(populated_site, media, tmp_path):
    call_command("backup_site", output_dir=str(tmp_path / "good"), stdout=io.StringIO())
    [good] = (tmp_path / "good").glob("*.tar.gz")
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(good) as source, tarfile.open(hostile, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        escape = tarfile.TarInfo("media/../../escaped.txt")
        escape.size = 4
        target.addfile(escape, io.BytesIO(b"evil"))

    assert "refusing" in restore_error(hostile) or "damaged" in restore_error(hostile)
    assert not (tmp_path / "escaped.txt").exists()


def test_data_that_does_not_load_rolls_back_everything(populated_site, tmp_path):
    call_command("backup_site", output_dir=str(tmp_path / "good"), stdout=io.StringIO())
    [good] = (tmp_path / "good").glob("*.tar.gz")
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(good) as source, tarfile.open(broken, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "data.json":
                content = content.replace(b'"model": "articles.article"', b'"model": "articles.nosuchmodel"')
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    before = snapshot()

    assert "nothing was changed" in restore_error(broken)
    assert snapshot() == before


def test_a_bad_file_on_the_command_line_is_one_error_line_without_a_traceback(tmp_path):
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "restore_site", str(tmp_path / "nope.tar.gz"), "--no-input"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "lowmilk.settings"},
    )

    assert result.returncode == 1
    assert result.stderr.strip() == f"CommandError: Backup file not found: {tmp_path / 'nope.tar.gz'}"
