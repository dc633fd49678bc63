"""The editors' small annoyances: help text, history, restore messages, recover list, recent actions."""

import datetime
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


def test_editors_schedule_in_their_own_time_zone_shown_as_such(editor_client):
    article = ArticleFactory(publish_at=datetime.datetime(2027, 1, 10, 18, 0, tzinfo=datetime.UTC))
    url = f"/admin/articles/article/{article.pk}/change/"
    editor_client.cookies["editor_tz"] = "America/Chicago"

    form = editor_client.get(url)

    page = form.content.decode()
    assert "Times are in America/Chicago time." in page
    assert 'value="12:00:00"' in page  # 18:00 UTC, in Chicago in January
    editor_client.post(url, change_form_data(form, publish_at_1="09:00:00"))
    article.refresh_from_db()
    assert article.publish_at == datetime.datetime(2027, 1, 10, 15, 0, tzinfo=datetime.UTC)


def test_an_unknown_time_zone_cookie_falls_back_to_the_sites(editor_client):
    article = ArticleFactory()
    editor_client.cookies["editor_tz"] = "Mars/Olympus_Mons"

    response = editor_client.get(f"/admin/articles/article/{article.pk}/change/")

    assert response.status_code == 200
    assert "Times are in UTC time." in response.content.decode()


def test_deleting_an_article_sends_its_old_addresses_to_its_section(editor_client, client):
    article = ArticleFactory(slug="fenugreek")
    old_path = article.get_absolute_url()
    url = f"/admin/articles/article/{article.pk}/change/"
    editor_client.post(url, change_form_data(editor_client.get(url), slug="fenugreek-and-herbs"))
    assert client.get(old_path).status_code == 301

    editor_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})

    response = client.get(old_path)
    assert response.status_code == 301 and response["Location"] == article.section.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
