"""Moderation has one path: the change form's buttons, the bulk actions and CSV imports all approve, reject
and verify through consultants.services, with emails and revisions; the status cannot be set around it."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from consultants.models import Listing, Status
from tests.admin_forms import change_form_data
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db


def change_url(listing):
    return reverse("admin:consultants_listing_change", args=[listing.pk])


def test_the_status_field_cannot_publish_a_pending_listing(client, moderator):
    client.force_login(moderator)
    pending = ListingFactory(status=Status.PENDING, renewal_due=None)
    form = client.get(change_url(pending))

    assert 'name="status"' not in form.content.decode()  # shown, not editable
    client.post(change_url(pending), {**change_form_data(form), "status": Status.PUBLISHED, "_save": "Save"})

    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    assert mail.outbox == []


def test_the_approve_button_publishes_emails_and_records_a_revision(client, moderator):
    client.force_login(moderator)
    pending = ListingFactory(status=Status.PENDING, renewal_due=None, phone="555-0100")
    form = client.get(change_url(pending))
    assert 'name="_approve"' in form.content.decode()

    response = client.post(change_url(pending), change_form_data(form, phone="555-0199", _approve="Approve"))

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.phone) == (Status.PUBLISHED, "555-0199")  # the edit is kept, then approved
    assert pending.renewal_due == timezone.localdate() + datetime.timedelta(days=365)
    assert [message.subject for message in mail.outbox] == ["Your listing is published"]
    latest = Version.objects.get_for_object(pending).order_by("-pk").first()
    assert latest.field_dict["status"] == Status.PUBLISHED
    assert latest.revision.user == moderator
    assert LogEntry.objects.filter(object_id=str(pending.pk), change_message__contains="Approved").exists()


def test_approving_a_renewal_from_its_form_updates_the_original_and_makes_no_second_listing(client, moderator):
    client.force_login(moderator)
    original = ListingFactory(name="Maria Alvarez", practice_name="Old", renewal_due=timezone.localdate())
    renewal = ListingFactory(
        name="Maria Alvarez", practice_name="New", status=Status.PENDING, renewal_due=None, renewal_of=original
    )
    form = client.get(change_url(renewal))

    response = client.post(change_url(renewal), change_form_data(form, _approve="Approve"))

    assert response.status_code == 302 and response["Location"] == change_url(original)
    assert list(Listing.objects.filter(name="Maria Alvarez").values_list("pk", "practice_name", "status")) == [
        (original.pk, "New", Status.PUBLISHED)
    ]
    assert Version.objects.get_for_object(original).exists()


def test_the_reject_button_tells_the_submitter(client, moderator):
    client.force_login(moderator)
    pending = ListingFactory(status=Status.PENDING, renewal_due=None)

    client.post(change_url(pending), change_form_data(client.get(change_url(pending)), _reject="Reject"))

    pending.refresh_from_db()
    assert pending.status == Status.REJECTED
    assert mail.outbox[0].to == [pending.email] and "not accepted" in mail.outbox[0].subject
    assert Version.objects.get_for_object(pending).first().revision.comment == "Rejected."


def test_bulk_reject_and_verify_email_revise_and_show_in_recent_actions(client, moderator):
    client.force_login(moderator)
    pending = ListingFactory(status=Status.PENDING, renewal_due=None)
    changelist = reverse("admin:consultants_listing_changelist")

    client.post(changelist, {"action": "verify_credentials", "_selected_action": [pending.pk]})
    client.post(changelist, {"action": "reject", "_selected_action": [pending.pk]})

    assert mail.outbox[0].to == [pending.email]
    comments = list(Version.objects.get_for_object(pending).order_by("pk").values_list("revision__comment", flat=True))
    assert "Verified 1 credential" in comments[-2] and "Rejected" in comments[-1]
    recent = client.get(reverse("admin:index")).content.decode()
    assert recent.count(str(pending)) >= 1
    assert LogEntry.objects.filter(object_id=str(pending.pk)).count() == 2


def _import(client, csv_text):
    url = reverse("admin:consultants_listing_import")
    upload = SimpleUploadedFile("listings.csv", csv_text.encode(), content_type="text/csv")
    response = client.post(url, {"import_file": upload, "format": "0"})
    assert response.status_code == 200, response.content[:500]
    confirm = response.context.get("confirm_form")
    if confirm is None:
        return response
    data = {name: confirm[name].value() for name in confirm.fields}
    return client.post(reverse("admin:consultants_listing_process_import"), data, follow=True)


HEADER = "slug,name,email,city,region,postcode,country,latitude,longitude,office_visits,status,renewal_due\n"


def test_an_import_that_publishes_goes_through_approval(client, moderator):
    client.force_login(moderator)
    ListingFactory(slug="waiting", email="waiting@example.org", status=Status.PENDING, renewal_due=None)

    response = _import(client, HEADER + "waiting,Waiting,waiting@example.org,Cambridge,MA,02138,US,,,1,published,\n")

    assert response.status_code == 200
    listing = Listing.objects.get(slug="waiting")
    assert listing.status == Status.PUBLISHED and listing.renewal_due is not None
    assert [message.to for message in mail.outbox] == [["waiting@example.org"]]


def test_an_import_cannot_set_a_status_by_hand(client, moderator):
    client.force_login(moderator)
    ListingFactory(slug="live", email="live@example.org")

    response = _import(client, HEADER + "live,Live,live@example.org,Cambridge,MA,02138,US,,,1,pending,\n")

    assert "approving (published) or rejecting" in response.content.decode()
    assert Listing.objects.get(slug="live").status == Status.PUBLISHED


def test_an_import_is_a_revision_and_answers_with_the_changelist(client, moderator):
    client.force_login(moderator)
    listing = ListingFactory(slug="maria", name="Maria Alvarez", email="maria@example.org")
    due = listing.renewal_due.isoformat()

    response = _import(
        client, HEADER + f"maria,Maria Alvarez-Smith,maria@example.org,Cambridge,MA,02138,US,,,1,published,{due}\n"
    )

    assert response.status_code == 200 and response.redirect_chain[-1][1] == 302
    listing.refresh_from_db()
    assert listing.name == "Maria Alvarez-Smith"
    version = Version.objects.get_for_object(listing).get()
    assert version.revision.user == moderator and version.revision.comment == "Imported from a CSV file."


@pytest.mark.parametrize("who", ["editor", "staff"])
def test_editors_and_staff_in_no_group_can_neither_import_nor_export_listings(client, who, editor, django_user_model):
    user = editor if who == "editor" else django_user_model.objects.create_user("nogroup", is_staff=True)
    client.force_login(user)
    listing = ListingFactory(slug="maria", name="Maria Alvarez")
    csv_text = HEADER + "maria,Renamed,x@example.org,Cambridge,MA,02138,US,,,1,published,2030-01-01\n"

    assert client.get(reverse("admin:consultants_listing_export")).status_code == 403
    assert client.get(reverse("admin:consultants_listing_import")).status_code == 403
    upload = SimpleUploadedFile("listings.csv", csv_text.encode(), content_type="text/csv")
    refused = client.post(reverse("admin:consultants_listing_import"), {"import_file": upload, "format": "0"})
    assert refused.status_code == 403
    assert client.post(reverse("admin:consultants_listing_process_import"), {}).status_code == 403
    listing.refresh_from_db()
    assert listing.name == "Maria Alvarez"
