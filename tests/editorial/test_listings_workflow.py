"""Consultant listings under the editorial workflow: revisions, conflicts, redirects, dashboard, roles."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from consultants.models import Listing, Status
from tests.admin_forms import change_form_data
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_moderator_edits_are_revisions_and_can_be_restored(moderator):
    listing = ListingFactory(practice_name="Old Practice")
    client = logged_in(moderator)
    url = f"/admin/consultants/listing/{listing.pk}/change/"

    assert client.post(url, change_form_data(client.get(url), practice_name="First Practice")).status_code == 302
    assert client.post(url, change_form_data(client.get(url), practice_name="Second Practice")).status_code == 302
    versions = Version.objects.get_for_object(listing).order_by("pk")
    assert len(versions) == 2
    history = client.get(url.replace("change/", "history/")).content.decode()
    assert history.count("Changed Practice name.") == 2  # who and when are beside each change

    revert_url = f"/admin/consultants/listing/{listing.pk}/history/{versions[0].pk}/"
    response = client.post(revert_url, change_form_data(client.get(revert_url)))

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.practice_name == "First Practice"
    assert Version.objects.get_for_object(listing).count() == 3  # the restore is a revision of its own


def test_two_moderators_saving_one_listing_the_later_is_refused(moderator, django_user_model, roles):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("mo2", password="pw", is_staff=True)
    other.groups.add(Group.objects.get(name="Directory moderators"))
    listing = ListingFactory(phone="555-0100")
    url = f"/admin/consultants/listing/{listing.pk}/change/"
    first, second = logged_in(moderator), logged_in(other)
    first_form, second_form = first.get(url), second.get(url)

    assert first.post(url, change_form_data(first_form, phone="555-0111")).status_code == 302
    refused = second.post(url, change_form_data(second_form, phone="555-0999"))

    assert refused.status_code == 200
    assert "your changes have not been saved" in refused.content.decode()
    assert 'value="555-0999"' in refused.content.decode()
    listing.refresh_from_db()
    assert listing.phone == "555-0111"


def test_a_listing_slug_change_redirects_the_old_profile(client, site_settings):
    listing = ListingFactory(slug="jane-doe")
    listing.slug = "jane-doe-ibclc"
    listing.save()

    response = client.get("/consultants/jane-doe/")

    assert response.status_code == 301
    assert response["Location"] == "/consultants/jane-doe-ibclc/"


def test_the_dashboard_shows_moderators_pending_listings_and_renewals_due(moderator, editor):
    ListingFactory(name="Waiting Wanda", status=Status.PENDING, renewal_due=None)
    ListingFactory(name="Renewing Rita", renewal_due=timezone.localdate() + datetime.timedelta(days=10))
    ListingFactory(name="Settled Sam", renewal_due=timezone.localdate() + datetime.timedelta(days=300))

    moderator_page = logged_in(moderator).get("/admin/").content.decode()
    editor_page = logged_in(editor).get("/admin/").content.decode()

    assert "Awaiting moderation" in moderator_page and "Waiting Wanda" in moderator_page
    assert "Renewing Rita" in moderator_page and "Settled Sam" not in moderator_page
    assert "Waiting Wanda" not in editor_page and "Consultant listings" not in editor_page


def test_editors_cannot_reach_listings(editor_client):
    listing = ListingFactory(name="Untouched")

    assert editor_client.get("/admin/consultants/listing/").status_code == 403
    assert (
        editor_client.post(f"/admin/consultants/listing/{listing.pk}/change/", {"name": "Changed"}).status_code == 403
    )
    assert Listing.objects.get(pk=listing.pk).name == "Untouched"
