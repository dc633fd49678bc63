"""Editors' and moderators' unhappy paths in Chromium: a refused save, a refused image and moderation.

Runs with `make test-browser`.
"""

import base64
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from consultants.models import Listing, Status
from core.content import EDITORS, MODERATORS
from editorial.roles import setup_roles
from tests.consultants.factories import ListingFactory
from tests.factories import ArticleFactory, ReferenceFactory

PASSWORD = "a long test password"

DROP_FILE = """([name, type, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  return transfer;
}"""


@pytest.fixture
def people(transactional_db):
    setup_roles()
    users = {"root": User.objects.create_superuser("root", "root@example.org", PASSWORD)}
    for name, group in [("erin", EDITORS), ("mona", MODERATORS)]:
        users[name] = User.objects.create_user(name, f"{name}@example.org", PASSWORD, is_staff=True)
        users[name].groups.add(Group.objects.get(name=group))
    return users


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.fixture
def cited_article(transactional_db):
    ReferenceFactory(key="clavey1996")
    ReferenceFactory(key="jenner2002")
    article = ArticleFactory(title="Herbs", body="## Herbs\n\nFenugreek [@clavey1996] and needles [@jenner2002].")
    ArticleFactory(body="Fenugreek [@clavey1996].")  # later citation rows: re-created rows get new ids
    return article


def test_save_again_keeps_the_editors_text_after_a_conflict(page, live_server, people, cited_article):
    log_in(page, live_server, "root")
    page.goto(f"{live_server.url}/admin/articles/article/{cited_article.pk}/change/")
    # Meanwhile someone else saves the article (citation rows are rebuilt).
    other = Article.objects.get(pk=cited_article.pk)
    other.summary = "Someone else's summary."
    other.save()

    page.fill("#id_body", "## Herbs\n\nMy careful rewrite [@jenner2002].")
    page.click("input[name=_continue]")
    page.get_by_text("your changes have not been saved").wait_for()
    assert page.input_value("#id_body") == "## Herbs\n\nMy careful rewrite [@jenner2002]."
    assert page.locator(".errorlist").count() == 1  # the conflict, nothing else

    page.click("input[name=_continue]")
    page.get_by_text("was changed successfully").wait_for()
    article = Article.objects.get(pk=cited_article.pk)
    assert article.body.replace("\r\n", "\n") == "## Herbs\n\nMy careful rewrite [@jenner2002]."
    assert list(article.citations.values_list("number", "reference__key")) == [(1, "jenner2002")]


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def drop(page, selector, name, content_type, data):
    transfer = page.evaluate_handle(DROP_FILE, [name, content_type, base64.b64encode(data).decode()])
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def test_a_refused_image_is_reported_beside_the_editor_and_never_written_into_the_body(
    page, live_server, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(body="## First heading\n\nSome text.")
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator(".markdownx-preview h2").wait_for()  # markdownx has started
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept("A pump on a kitchen table")))

    drop(page, "#id_body", "drawing.svg", "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    status = page.locator(".markdown-upload-status.errornote")
    status.wait_for()
    assert "drawing.svg was not added" in status.inner_text()
    assert "valid image" in status.inner_text()
    drop(page, "#id_body", "broken.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 not really a jpeg")
    page.get_by_text("broken.jpg was not added").wait_for()
    assert page.input_value("#id_body") == "## First heading\n\nSome text."

    drop(page, "#id_body", "pump.png", "image/png", _png())
    expect(page.locator("#id_body")).to_have_value(re.compile(r"!\[A pump on a kitchen table\]\(/media/"))
    assert page.input_value("#id_body").startswith("## First heading")
    assert len(dialogs) == 3 and "alt text" in dialogs[0]


def test_a_renewal_is_approved_from_its_form_and_updates_the_original(page, live_server, people):
    original = ListingFactory(name="Maria Alvarez", practice_name="Old practice", postcode="02138")
    renewal = ListingFactory(
        name="Maria Alvarez", practice_name="New practice", status=Status.PENDING, renewal_due=None,
        renewal_of=original, email="maria@example.org",
    )  # fmt: skip
    log_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/admin/consultants/pendinglisting/{renewal.pk}/change/")

    assert page.locator("select[name=status]").count() == 0  # the status is not a free choice
    page.click("input[name=_approve]")
    page.get_by_text("is approved and published").wait_for()

    assert list(Listing.objects.filter(name="Maria Alvarez").values_list("pk", "practice_name", "status")) == [
        (original.pk, "New practice", Status.PUBLISHED)
    ]
    assert [message.subject for message in mail.outbox] == ["Your listing is published"]


def test_an_editor_in_chicago_schedules_in_chicago_time(open_page, live_server, people):
    article = ArticleFactory(publish_at=datetime.datetime(2027, 1, 10, 18, 0, tzinfo=datetime.UTC))
    page = open_page(timezone_id="America/Chicago")
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    expect(page.locator("#id_publish_at_1")).to_have_value("12:00:00")
    assert "Times are in America/Chicago time." in page.content()
    assert page.locator(".timezonewarning").count() == 0  # the admin's "hours behind server time" note
    page.fill("#id_publish_at_1", "09:00:00")
    page.click("input[name=_continue]")
    page.get_by_text("was changed successfully").wait_for()
    article.refresh_from_db()
    assert article.publish_at == datetime.datetime(2027, 1, 10, 15, 0, tzinfo=datetime.UTC)


def test_text_typed_before_the_session_expired_is_offered_back_after_logging_in(page, live_server, people):
    article = ArticleFactory(body="Old body.")
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    log_in(page, live_server, "erin")
    page.goto(url)
    page.fill("#id_body", "An hour of careful writing.")
    page.context.clear_cookies(name="sessionid")  # the session expires while the editor writes

    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/login/"))
    page.fill("#id_username", "erin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/"))

    assert page.input_value("#id_body") == "Old body."
    page.get_by_role("button", name="Put back the text you typed").click()
    assert page.input_value("#id_body") == "An hour of careful writing."
    page.click("input[name=_continue]")
    page.get_by_text("was changed successfully").wait_for()
    article.refresh_from_db()
    assert article.body == "An hour of careful writing."
    assert page.locator(".unsaved-text").count() == 0
