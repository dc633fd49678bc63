"""Refused saves never lose an editor's text, and a second save can succeed."""

import pytest
from django.test import Client

from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cited_article(db):
    ReferenceFactory(key="clavey1996")
    ReferenceFactory(key="jenner2002")
    article = ArticleFactory(body="## Herbs\n\nFenugreek [@clavey1996] and acupuncture [@jenner2002].")
    # Another article's citation rows come later, so re-created rows get new ids on every database.
    ArticleFactory(body="Fenugreek [@clavey1996].")
    return article


@pytest.mark.parametrize("role", ["editors", "superusers"])
def test_after_a_refused_stale_save_the_second_save_of_a_cited_article_goes_through(
    role, editor, second_editor, django_user_model, cited_article
):
    if role == "superusers":  # they may change citation rows, so a citations formset would be validated
        editor = django_user_model.objects.create_superuser("root1", password="pw")
        second_editor = django_user_model.objects.create_superuser("root2", password="pw")
    url = f"/admin/articles/article/{cited_article.pk}/change/"
    erin, frank = logged_in(editor), logged_in(second_editor)
    frank_form = frank.get(url)
    assert erin.post(url, change_form_data(erin.get(url), summary="Erin's summary")).status_code == 302

    refused = frank.post(url, change_form_data(frank_form, body="Frank's rewrite [@jenner2002]."))
    assert "your changes have not been saved" in refused.content.decode()

    again = frank.post(url, change_form_data(refused))
    assert again.status_code == 302, again.context["adminform"].form.errors if again.context else again
    cited_article.refresh_from_db()
    assert cited_article.body == "Frank's rewrite [@jenner2002]."
    assert list(cited_article.citations.values_list("number", "reference__key")) == [(1, "jenner2002")]


def test_after_a_refused_invalid_body_the_text_is_kept_and_a_corrected_save_goes_through(editor_client, cited_article):
    url = f"/admin/articles/article/{cited_article.pk}/change/"
    refused = editor_client.post(url, change_form_data(editor_client.get(url), body="New text [@nosuchkey]."))

    assert refused.status_code == 200
    assert "Unknown reference key: [@nosuchkey]" in refused.content.decode()
    assert "New text [@nosuchkey]." in refused.content.decode()
    again = editor_client.post(url, change_form_data(refused, body="New text [@clavey1996]."))
    assert again.status_code == 302


def test_references_cited_are_listed_once_with_one_caption(editor_client, cited_article):
    page = editor_client.get(f"/admin/articles/article/{cited_article.pk}/change/").content.decode()

    assert page.count("References cited") == 1
    assert page.index("clavey1996") < page.index("jenner2002")
    assert 'name="citations-TOTAL_FORMS"' not in page  # a display, not a formset the next POST must match


def test_after_a_conflict_over_a_removed_credential_the_second_save_of_a_listing_goes_through(moderator, roles):
    from django.contrib.auth.models import Group, User

    from consultants.models import Credential
    from tests.consultants.factories import ListingFactory

    other = User.objects.create_user("mo2", is_staff=True)
    other.groups.add(Group.objects.get(name="Directory moderators"))
    listing = ListingFactory(credentials=["IBCLC", "CLC"], phone="555-0100")
    url = f"/admin/consultants/listing/{listing.pk}/change/"
    mona, mo2 = logged_in(moderator), logged_in(other)
    mo2_form = mo2.get(url)
    first = change_form_data(mona.get(url))
    clc = Credential.objects.get(listing=listing, kind="CLC")
    index = next(key for key, value in first.items() if key.endswith("-id") and value == str(clc.pk)).split("-")[1]
    first[f"credentials-{index}-DELETE"] = "on"
    assert mona.post(url, first).status_code == 302

    refused = mo2.post(url, change_form_data(mo2_form, phone="555-0199"))
    assert "your changes have not been saved" in refused.content.decode()
    again = mo2.post(url, change_form_data(refused))

    assert again.status_code == 302, again.content.decode()[again.content.decode().find("errornote") - 200 :][:1500]
    listing.refresh_from_db()
    assert listing.phone == "555-0199"
    assert sorted(listing.credentials.values_list("kind", flat=True)) == ["CLC", "IBCLC"]  # theirs replaced by yours
