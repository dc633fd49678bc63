"""The editors' small annoyances: help text, history, restore messages, recover list, recent actions."""

import re

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.test import Client
from reversion.models import Version

from articles.models import Article
from editorial.history import record_deletion
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_slug_help_text_shows_its_placeholders(editor_client):
    section = SectionFactory()
    article_form = editor_client.get("/admin/articles/article/add/").content.decode()
    section_form = editor_client.get(f"/admin/articles/section/{section.pk}/change/").content.decode()

    assert "/articles/&lt;section&gt;/&lt;slug&gt;/." in article_form
    assert "/articles/&lt;slug&gt;/." in section_form


def test_history_shows_seconds_so_saves_in_one_minute_differ(editor_client):
    article = ArticleFactory()
    url = f"/admin/articles/article/{article.pk}/change/"
    editor_client.post(url, change_form_data(editor_client.get(url), title="One"))
    editor_client.post(url, change_form_data(editor_client.get(url), title="Two"))

    history = editor_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()

    times = re.findall(r'<time datetime="[^"]+">([^<]+)</time>', history)
    assert len(times) == 2 and all(re.search(r"\d\d:\d\d:\d\d", shown) for shown in times)


def test_restore_and_recover_say_what_happened(editor_client):
    article = ArticleFactory(title="First title")
    url = f"/admin/articles/article/{article.pk}/change/"
    editor_client.post(url, change_form_data(editor_client.get(url), summary="One"))
    editor_client.post(url, change_form_data(editor_client.get(url), title="Second title"))
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revert_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"

    restored = editor_client.post(revert_url, change_form_data(editor_client.get(revert_url)), follow=True)

    page = restored.content.decode()
    assert "was restored to an earlier version" in page and "was changed successfully" not in page
    assert Article.objects.get(pk=article.pk).title == "First title"

    gone = ArticleFactory(title="Gone article")
    record_deletion([gone])
    gone.delete()
    deleted = Version.objects.get_deleted(Article).get()
    recover_url = f"/admin/articles/article/recover/{deleted.pk}/"
    recovered = editor_client.post(recover_url, change_form_data(editor_client.get(recover_url)), follow=True)

    page = recovered.content.decode()
    assert "The deleted article “Gone article” was recovered" in page and "changed successfully" not in page


def test_recover_deleted_links_every_name(editor_client):
    for title in ["Alpha", "Beta"]:
        with reversion.create_revision():
            article = ArticleFactory(title=title)
        record_deletion([article])
        article.delete()

    page = editor_client.get("/admin/articles/article/recover/").content.decode()

    for deleted in Version.objects.get_deleted(Article):
        assert re.search(rf'<a href="/admin/articles/article/recover/{deleted.pk}/">{deleted.object_repr}</a>', page)


def test_mark_as_reviewed_shows_in_recent_actions(editor, editor_client):
    one, two = ArticleFactory(title="Reviewed alone"), ArticleFactory(title="Reviewed in bulk")

    editor_client.post(f"/admin/articles/article/{one.pk}/mark-reviewed/")
    editor_client.post("/admin/articles/article/", {"action": "mark_reviewed", "_selected_action": [two.pk]})

    messages = list(LogEntry.objects.filter(user=editor).values_list("object_repr", "change_message"))
    assert [repr_ for repr_, message in messages if "Marked as reviewed" in message] == [
        "Reviewed in bulk",
        "Reviewed alone",
    ]
    home = Client()
    home.force_login(editor)
    recent = home.get("/admin/").content.decode()
    assert "Reviewed alone" in recent and "Reviewed in bulk" in recent
