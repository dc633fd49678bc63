import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultants.models import Listing, Status
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db

HEADER = "slug,name,email,city,region,postcode,country,latitude,longitude,office_visits,status,languages,credentials\n"


def upload(admin_client, csv_text):
    url = reverse("admin:consultants_listing_import")
    csv_file = SimpleUploadedFile("listings.csv", csv_text.encode(), content_type="text/csv")
    return admin_client.post(url, {"import_file": csv_file, "format": "0"})


def test_export_lists_credentials_and_languages(admin_client):
    ListingFactory(slug="maria", credentials=["IBCLC"], languages=["en", "es"])
    url = reverse("admin:consultants_listing_export")
    fields = [name for name in admin_client.get(url).context["form"].fields if name.startswith("listingresource_")]
    response = admin_client.post(url, {"format": "0", "resource": "0", **dict.fromkeys(fields, "on")})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    assert "maria" in text and "IBCLC 123456" in text


def test_import_shows_row_errors_and_keeps_good_rows(admin_client):
    csv_text = HEADER + (
        "new-one,New One,new@example.org,Cambridge,MA,02138,US,,,1,published,en,IBCLC 999 2030-01-31\n"
        "bad-email,Bad Email,not-an-email,Boston,MA,02116,US,,,1,published,en,IBCLC\n"
        "bad-place,Bad Place,bad@example.org,Atlantis,,,GB,,,1,published,en,IBCLC\n"
        "bad-credential,Bad Credential,c@example.org,Boston,MA,02116,US,,,1,published,en,WIZARD 1\n"
        "bad-latitude,Bad Latitude,l@example.org,Boston,MA,02116,US,abc,-71,1,published,en,IBCLC\n"
    )
    response = upload(admin_client, csv_text)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "We couldn&#x27;t find this city or postcode" in content
    assert "Unknown credential" in content
    assert "Some rows failed to validate" in content
    assert "could not convert string to float" in content  # The latitude "abc", on its own row.
    assert not Listing.objects.exists()  # A file with bad rows is not imported until fixed.


def test_a_clean_import_creates_geocoded_listings_with_credentials(admin_client):
    csv_text = HEADER + "new-one,New One,new@example.org,Cambridge,MA,02138,US,,,1,published,en,IBCLC 999 2030-01-31\n"
    response = upload(admin_client, csv_text)
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    admin_client.post(reverse("admin:consultants_listing_process_import"), data)
    listing = Listing.objects.get(slug="new-one")
    assert listing.status == Status.PUBLISHED and listing.region_code == "MA"
    assert listing.latitude == pytest.approx(42.377, abs=0.01)
    credential = listing.credentials.get()
    assert (credential.kind, credential.number, str(credential.expires_on)) == ("IBCLC", "999", "2030-01-31")
    assert list(listing.languages.values_list("code", flat=True)) == ["en"]
