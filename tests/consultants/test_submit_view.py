import pytest
from django.core import mail
from django.urls import reverse

from consultants.models import Listing, Status
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db

URL = reverse("consultants:submit")


def submission(**overrides):
    data = {
        "name": "Nadia Haddad",
        "practice_name": "Somerville Lactation",
        "email": "nadia@example.org",
        "phone": "617 555 0199",
        "website_url": "example.org/nadia",
        "office_visits": "on",
        "telehealth": "on",
        "telehealth_area": "region",
        "languages": ["1"],
        "accepting_clients": "on",
        "address": "5 Elm St",
        "city": "Somerville",
        "region": "MA",
        "postcode": "02144",
        "country": "US",
        "credentials-TOTAL_FORMS": "3",
        "credentials-INITIAL_FORMS": "0",
        "credentials-MIN_NUM_FORMS": "1",
        "credentials-MAX_NUM_FORMS": "5",
        "credentials-0-kind": "IBCLC",
        "credentials-0-number": "L-12345",
        "credentials-0-expires_on": "2030-01-31",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def english(db):
    from consultants.models import Language

    return Language.objects.get(code="en")


def test_the_form_shows_with_csrf_and_honeypot(client, site_settings):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert b'class="field honeypot"' in response.content


def test_a_valid_submission_lands_as_pending_and_emails_moderators(client, site_settings, english, settings):
    settings.CONSULTANTS_MODERATOR_EMAILS = ["mods@example.org"]
    response = client.post(URL, submission(languages=[str(english.pk)]))
    assert response.status_code == 302 and response.url == reverse("consultants:submit_thanks")
    listing = Listing.objects.get()
    assert listing.status == Status.PENDING
    assert (listing.region_code, round(listing.latitude, 1)) == ("MA", 42.4)  # Geocoded from the ZIP code.
    assert listing.credentials.get().number == "L-12345"
    assert list(listing.languages.all()) == [english]
    assert mail.outbox[0].to == ["mods@example.org"]
    assert "/admin/consultants/pendinglisting/" in mail.outbox[0].body
    assert b"waiting for a moderator" in client.get(response.url).content


def test_moderator_email_falls_back_to_the_site_contact_address(client, site_settings, english):
    client.post(URL, submission(languages=[str(english.pk)]))
    assert mail.outbox[0].to == ["editors@example.org"]


def test_invalid_submission_keeps_what_was_typed_and_says_what_to_fix(client, site_settings, english):
    data = submission(languages=[str(english.pk)], email="not-an-email", city="Atlantis", postcode="", office_visits="")
    data.update(
        {"telehealth": "", "credentials-0-kind": "", "credentials-0-number": "", "credentials-0-expires_on": ""}
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter an email address in the correct format, like name@example.com" in content
    assert "Select at least one way you see clients" in content
    assert "Give at least one credential" in content
    assert 'value="Nadia Haddad"' in content and 'value="not-an-email"' in content
    assert not Listing.objects.exists()


def test_an_unknown_city_is_a_form_error(client, site_settings, english):
    response = client.post(URL, submission(languages=[str(english.pk)], city="Atlantis", postcode=""))
    assert "We couldn&#x27;t find this city or postcode" in response.content.decode()
    assert not Listing.objects.exists()


def test_the_honeypot_quietly_drops_bots(client, site_settings, english):
    response = client.post(URL, submission(languages=[str(english.pk)], website="http://spam.example"))
    assert response.status_code == 302
    assert not Listing.objects.exists()
    assert not mail.outbox


def test_a_missing_management_form_is_a_form_error_not_a_crash(client, site_settings, english):
    data = {k: v for k, v in submission(languages=[str(english.pk)]).items() if not k.startswith("credentials-")}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Listing.objects.exists()


def test_renewal_needs_the_email_on_an_existing_listing(client, site_settings, english):
    response = client.post(URL, submission(languages=[str(english.pk)], is_renewal="on"))
    assert "We have no listing with this email address." in response.content.decode()
    current = ListingFactory(email="Nadia@Example.org")
    client.post(URL, submission(languages=[str(english.pk)], is_renewal="on"))
    renewal = Listing.objects.get(status=Status.PENDING)
    assert renewal.renewal_of == current


def test_submissions_are_rate_limited_per_address_with_a_friendly_page(client, site_settings, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "listing": "2/h"}
    for _ in range(2):
        assert client.post(URL, {}, REMOTE_ADDR="203.0.113.9").status_code == 200
    limited = client.post(URL, {}, REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429
    assert b"Please wait a moment" in limited.content
    assert client.post(URL, {}, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert client.get(URL, REMOTE_ADDR="203.0.113.9").status_code == 200  # Reading the form is never limited.
