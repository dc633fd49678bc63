"""The listings CSV export imports back unchanged: same records, no errors, no emails, nothing re-moderated."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultants.models import Credential, Listing, Status
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db


def snapshot():
    """Every listing as comparable data: its own fields, languages and credentials."""
    listings = Listing.objects.prefetch_related("languages", "credentials").order_by("slug")
    return [
        {
            **{field.name: getattr(listing, field.attname) for field in Listing._meta.concrete_fields
               if field.name not in ("id", "updated_at", "submitted_at")},
            "languages": sorted(language.code for language in listing.languages.all()),
            "credentials": sorted((c.kind, c.number, c.expires_on) for c in listing.credentials.all()),
        }
        for listing in listings
    ]  # fmt: skip


def export_csv(client):
    url = reverse("admin:consultants_listing_export")
    fields = [name for name in client.get(url).context["form"].fields if name.startswith("listingresource_")]
    response = client.post(url, {"format": "0", "resource": "0", **dict.fromkeys(fields, "on")})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def import_csv(client, text):
    upload = SimpleUploadedFile("listings.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("admin:consultants_listing_import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    assert "confirm_form" in response.context, response.content.decode()[-3000:]
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    return client.post(reverse("admin:consultants_listing_process_import"), data, follow=True)


@pytest.fixture
def directory(db):
    maria = ListingFactory(
        slug="maria-alvarez", name="María Álvarez-Núñez", practice_name='Leche "Buena", LLC',
        about="Línea uno\nline two; with a semicolon", phone="+1 (617) 555-0100", languages=["en", "es"],
        credentials=[], website_url="https://example.org/maria", areas_served="Cambridge, Somerville",
    )  # fmt: skip
    Credential.objects.create(listing=maria, kind="IBCLC", number="IB-40014", expires_on=datetime.date(2027, 5, 31))
    Credential.objects.create(listing=maria, kind="CLC", number="", expires_on=None)
    jo = ListingFactory(slug="jo-o-brien", name="Jo O'Brien", credentials=[], telehealth=True, home_visits=True)
    Credential.objects.create(listing=jo, kind="IBCLC", number="2024-77", expires_on=None)
    ListingFactory(slug="waiting", name="Waiting", status=Status.PENDING, renewal_due=None)
    ListingFactory(slug="gone", name="Gone", status=Status.REJECTED, renewal_due=None)


def test_an_unchanged_export_imports_back_to_the_same_records(client, moderator, directory):
    client.force_login(moderator)
    before = snapshot()

    response = import_csv(client, export_csv(client))

    assert response.status_code == 200
    assert snapshot() == before
    assert mail.outbox == []


def test_a_credential_number_with_dashes_is_not_read_as_an_expiry(client, moderator, directory):
    client.force_login(moderator)
    text = export_csv(client)
    assert "IBCLC IB-40014 2027-05-31" in text and "IBCLC 2024-77" in text

    import_csv(client, text)

    assert Credential.objects.filter(number="2024-77", expires_on=None).exists()
