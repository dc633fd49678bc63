import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def preview_url(article):
    return f"/admin/articles/article/{article.pk}/preview/"


def test_a_scheduled_article_appears_on_its_own_when_its_time_comes(client):
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(status=Status.PUBLISHED, publish_at=NOW + datetime.timedelta(hours=1))
        section_url = article.section.get_absolute_url()
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in client.get(section_url).content.decode()

    with time_machine.travel(NOW + datetime.timedelta(hours=1, seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.title in client.get(section_url).content.decode()


def test_staff_preview_drafts_on_the_public_design_with_a_banner(client, editor_client):
    article = ArticleFactory(status=Status.DRAFT, title="Draft about pumping")

    assert client.get(article.get_absolute_url()).status_code == 404
    response = editor_client.get(preview_url(article))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: not published." in page and "This article is a draft." in page
    assert "Draft about pumping" in page and 'class="site-header"' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_staff_preview_a_scheduled_article(editor_client):
    article = ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=3))
    response = editor_client.get(preview_url(article))
    assert response.status_code == 200
    assert "Scheduled to appear on" in response.content.decode()


def test_preview_is_for_staff_with_access_to_articles_only(client, moderator):
    article = ArticleFactory(status=Status.DRAFT)

    anonymous = client.get(preview_url(article))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(moderator)
    assert client.get(preview_url(article)).status_code == 403
    assert client.get("/admin/articles/article/999999/preview/").status_code == 404


def test_view_on_site_leads_to_the_preview_until_the_article_is_live(editor_client):
    draft, live = ArticleFactory(status=Status.DRAFT), ArticleFactory()

    draft_page = editor_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    live_page = editor_client.get(f"/admin/articles/article/{live.pk}/change/").content.decode()

    assert f'href="{preview_url(draft)}"' in draft_page
    assert f'href="{live.get_absolute_url()}"' in live_page
    assert editor_client.get(preview_url(live)).status_code == 302  # a live article: its public page


def test_the_article_list_tells_draft_scheduled_and_published_apart(editor_client):
    ArticleFactory(status=Status.DRAFT)
    ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=3))
    ArticleFactory()
    page = editor_client.get("/admin/articles/article/").content.decode()
    assert "Draft" in page and "Scheduled for" in page and "Published" in page
