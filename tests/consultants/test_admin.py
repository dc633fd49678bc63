import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultants.models import Credential, Listing, Status
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:consultants_listing_changelist")
QUEUE = reverse("admin:consultants_pendinglisting_changelist")


def act(client, url, action, listings):
    return client.post(url, {"action": action, "_selected_action": [listing.pk for listing in listings]}, follow=True)


def test_the_pending_queue_shows_only_pending_listings(admin_client):
    ListingFactory(name="Waiting", status=Status.PENDING)
    ListingFactory(name="Live")
    content = admin_client.get(QUEUE).content.decode()
    assert "Waiting" in content and "Live" not in content


def test_approve_publishes_for_a_year_and_tells_the_consultant(admin_client):
    pending = ListingFactory(status=Status.PENDING, renewal_due=None)
    response = act(admin_client, QUEUE, "approve", [pending])
    assert b"Approved 1 listing(s)." in response.content
    pending.refresh_from_db()
    assert pending.status == Status.PUBLISHED
    assert pending.renewal_due == timezone.localdate() + datetime.timedelta(days=365)
    assert mail.outbox[0].to == [pending.email]


def test_approving_a_renewal_updates_the_original_listing(admin_client):
    original = ListingFactory(name="Old Name", renewal_due=timezone.localdate() + datetime.timedelta(days=5))
    renewal = ListingFactory(name="New Name", status=Status.PENDING, renewal_of=original, credentials=["CLC"])
    act(admin_client, QUEUE, "approve", [renewal])
    original.refresh_from_db()
    assert original.name == "New Name"
    assert original.renewal_due == timezone.localdate() + datetime.timedelta(days=365)
    assert [c.kind for c in original.credentials.all()] == ["CLC"]
    assert not Listing.objects.filter(pk=renewal.pk).exists()


def test_reject_hides_a_listing(admin_client):
    listing = ListingFactory(status=Status.PENDING)
    act(admin_client, QUEUE, "reject", [listing])
    listing.refresh_from_db()
    assert listing.status == Status.REJECTED


def test_verify_credentials_records_who_and_when(admin_client, admin_user):
    listing = ListingFactory(credentials=["IBCLC", "RN"])
    response = act(admin_client, CHANGELIST, "verify_credentials", [listing])
    assert b"Verified 2 credential(s)." in response.content
    for credential in Credential.objects.filter(listing=listing):
        assert credential.verified_by == admin_user
        assert credential.verified_at.date() == timezone.localdate()


def test_renewal_due_and_expired_filters(admin_client):
    today = timezone.localdate()
    ListingFactory(name="Due soon", renewal_due=today + datetime.timedelta(days=10))
    ListingFactory(name="Due later", renewal_due=today + datetime.timedelta(days=100))
    ListingFactory(name="Gone", status=Status.EXPIRED, renewal_due=today - datetime.timedelta(days=3))
    due = admin_client.get(CHANGELIST, {"renewal": "due30"}).content.decode()
    assert "Due soon" in due and "Due later" not in due and "Gone" not in due
    expired = admin_client.get(CHANGELIST, {"status__exact": "expired"}).content.decode()
    assert "Gone" in expired and "Due soon" not in expired


def test_change_list_queries_do_not_grow_with_listings(admin_client):
    def queries_for_change_list():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(queries)

    ListingFactory(credentials=["IBCLC", "RN"])
    # The first requests also load the session and content types, and create the site settings (which renews
    # the site chrome the admin shows, read again by the next request).
    queries_for_change_list()
    queries_for_change_list()
    few = queries_for_change_list()
    for _ in range(30):
        ListingFactory(credentials=["IBCLC", "RN"])
    assert queries_for_change_list() == few


def test_editing_a_listing_in_the_admin_geocodes_when_coordinates_are_cleared(admin_client):
    listing = ListingFactory()
    url = reverse("admin:consultants_listing_change", args=[listing.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "loaded_version": form["loaded_version"].value(),  # the conflict-safe form's stamp
            "city": "Melbourne",
            "region": "VIC",
            "postcode": "3000",
            "country": "AU",
            "latitude": "",
            "longitude": "",
            "renewal_due": listing.renewal_due.isoformat(),
            "languages": [],
            "credentials-TOTAL_FORMS": "0",
            "credentials-INITIAL_FORMS": "0",
        }
    )
    data = {key: value for key, value in data.items() if not isinstance(value, bool) or value}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    listing.refresh_from_db()
    assert (listing.country, round(listing.latitude)) == ("AU", -38)
