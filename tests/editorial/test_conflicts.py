import re

import pytest
from django.test import Client

from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_second_save_is_refused_keeps_what_was_typed_and_links_to_the_other_change(editor, second_editor):
    article = ArticleFactory(title="Original title", body="Original body.")
    url = f"/admin/articles/article/{article.pk}/change/"
    erin, frank = logged_in(editor), logged_in(second_editor)
    erin.post(url, change_form_data(erin.get(url), summary="An earlier edit, so the article has a history."))
    erin_form, frank_form = erin.get(url), frank.get(url)  # both open the article

    assert erin.post(url, change_form_data(erin_form, title="Erin's title")).status_code == 302
    refused = frank.post(url, change_form_data(frank_form, body="Frank's careful rewrite."))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Erin saved this article at" in page
    assert re.search(r"at \d+ \w+ \d{4}, \d\d:\d\d:\d\d \(UTC time\)", page)  # to the second, with its zone
    assert "your changes have not been saved" in page
    assert "Frank&#x27;s careful rewrite." in page or "Frank's careful rewrite." in page
    article.refresh_from_db()
    assert (article.title, article.body) == ("Erin's title", "Original body.")

    compare_url = f"/admin/articles/article/{article.pk}/history/compare/?"
    assert compare_url in page
    link = page[page.index(compare_url) :].split('"')[0].replace("&amp;", "&")
    their_change = frank.get(link)
    assert their_change.status_code == 200
    assert [change.label for change in their_change.context["changes"]] == ["Title"]

    # Saving again, having seen the other change, is deliberate: it goes through.
    again = frank.post(url, change_form_data(refused))
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "Frank's careful rewrite."


def test_a_save_without_a_competing_change_goes_through(editor_client):
    article = ArticleFactory()
    url = f"/admin/articles/article/{article.pk}/change/"
    first = editor_client.post(url, change_form_data(editor_client.get(url), title="One"))
    second = editor_client.post(url, change_form_data(editor_client.get(url), title="Two"))
    assert (first.status_code, second.status_code) == (302, 302)


def test_pages_are_protected_the_same_way(editor, second_editor):
    page = PageFactory()
    url = f"/admin/pages/page/{page.pk}/change/"
    erin, frank = logged_in(editor), logged_in(second_editor)
    erin_form, frank_form = erin.get(url), frank.get(url)
    erin.post(url, change_form_data(erin_form, title="Erin's page"))

    refused = frank.post(url, change_form_data(frank_form, title="Frank's page"))

    assert refused.status_code == 200
    assert "Erin saved this page at" in refused.content.decode()
    page.refresh_from_db()
    assert page.title == "Erin's page"
