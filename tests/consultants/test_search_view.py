import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultants.models import Credential, Language, Listing, Status
from consultants.selectors import listing_profile
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db

URL = reverse("consultants:search")


def test_the_empty_search_page_shows_the_form(client, site_settings):
    response = client.get(URL)
    assert response.status_code == 200
    assert b'name="place"' in response.content
    assert b"Use my location" in response.content


def test_the_home_page_search_box_posts_place_here(client, site_settings):
    ListingFactory(name="Maria Alvarez")
    response = client.get(URL, {"place": "02138"}, follow=True)
    assert response.status_code == 200
    assert b"Maria Alvarez" in response.content
    assert b"1 consultant within 25 miles of 02138 (Cambridge, MA)" in response.content


def test_distance_is_shown_in_the_chosen_unit(client, site_settings):
    ListingFactory(latitude=42.3601, longitude=-71.0589)  # Boston, 5.8 km (3.6 miles) from 02138.
    km = client.get(URL, {"place": "02138", "unit": "km", "radius": "10"}).content.decode()
    miles = client.get(URL, {"place": "02138", "unit": "mi", "radius": "10"}).content.decode()
    assert "within 10 km" in km and "5.8\xa0km" in km
    assert "within 10 miles" in miles and "3.6\xa0miles" in miles


def test_results_carry_map_data_without_inline_script(client, site_settings):
    ListingFactory(name="Home only", home_visits=True, office_visits=False, latitude=42.38123, longitude=-71.12345)
    response = client.get(URL, {"place": "02138"}, follow=True)
    content = response.content.decode()
    assert 'id="map-data" type="application/json"' in content
    assert "vendor/leaflet/leaflet.js" in content
    assert '"lat": 42.38, "lng": -71.12' in content  # Home-visit-only points are blurred.
    assert "<script>" not in content


def test_ambiguous_place_offers_a_choice_that_searches_there(client, site_settings):
    response = client.get(URL, {"place": "Cambridge"}, follow=True)
    assert response.status_code == 200
    assert "more than one place called “Cambridge”" in response.content.decode()
    assert b"Cambridge, England, United Kingdom" in response.content
    ListingFactory(name="Cambridge consultant")
    chosen = client.get(
        URL, {"place": "Cambridge, Massachusetts, United States", "lat": "42.3751", "lng": "-71.10561"}, follow=True
    )
    assert b"Cambridge consultant" in chosen.content
    assert b"within 25 miles of Cambridge, Massachusetts, United States" in chosen.content


def test_unknown_place_says_so_and_suggests(client, site_settings):
    response = client.get(URL, {"place": "Springfeild"}, follow=True)
    assert response.status_code == 200
    assert "We couldn't find “Springfeild”. Did you mean:" in response.content.decode()
    assert b'href="?place=Springfield"' in response.content


def test_use_my_location_searches_around_coordinates(client, site_settings):
    ListingFactory(name="Near me")
    response = client.get(URL, {"lat": "42.37", "lng": "-71.11", "place": ""}, follow=True)
    assert b"Near me" in response.content
    assert b"your location (near Cambridge, Massachusetts, United States)" in response.content


def test_pagination_keeps_the_search_and_counts_queries_independently_of_results(
    client, site_settings, django_assert_max_num_queries
):
    for n in range(25):
        ListingFactory(name=f"Listing {n:02d}", latitude=42.377 + n / 1000, credentials=["IBCLC", "RN"])
    client.get(URL, {"place": "02138"}, follow=True)  # Warm the site-chrome cache.
    # The content generation, then the search's own two: the language choices, and the page of results with
    # its counts and its cards' credentials and languages.
    with django_assert_max_num_queries(3):
        first = client.get(URL, {"place": "02138", "credential": "IBCLC", "unit": "mi", "radius": "25"})
    assert b"Listing 00" in first.content and b"Listing 20" not in first.content
    assert b"?place=02138&amp;credential=IBCLC&amp;unit=mi&amp;radius=25&amp;page=2" in first.content
    with django_assert_max_num_queries(3):
        second = client.get(URL, {"place": "02138", "credential": "IBCLC", "unit": "mi", "radius": "25", "page": "2"})
    assert b"Listing 24" in second.content and b"Page 2 of 2" in second.content


@pytest.mark.parametrize(
    "params",
    [
        {"place": "02138", "radius": "7"},
        {"place": "02138", "unit": "furlongs"},
        {"lat": "999", "lng": "0"},
        {"lat": "42.3", "lng": "abc"},
        {"lat": "42.3"},
        {"place": "x" * 10_000},
        {"place": "02138", "language": "klingon"},
        {"place": "02138", "services": "teleportation"},
    ],
)
def test_bad_input_gets_a_400_with_a_message(client, site_settings, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert b"There is a problem" in response.content


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1e9", "9" * 30])
def test_odd_page_numbers_still_show_results(client, site_settings, page):
    ListingFactory(name="Only one")
    response = client.get(URL, {"place": "02138", "page": page}, follow=True)
    assert response.status_code == 200
    assert b"Only one" in response.content


def test_profile_shows_credentials_with_verification_and_contact(
    client, site_settings, admin_user, django_assert_max_num_queries
):
    listing = ListingFactory(name="Maria Alvarez", phone="+1 555 0100", website_url="https://example.org/maria/")
    from consultants.services import verify_credentials

    verify_credentials(listing, by=admin_user)
    Credential.objects.create(listing=listing, kind="RN", number="RN-77", expires_on=datetime.date(2027, 12, 31))
    listing.languages.set(Language.objects.filter(code__in=["es", "en"]))
    client.get(listing.get_absolute_url())  # Warm the site-chrome cache.
    with django_assert_max_num_queries(2):  # the content generation, then the listing with its details
        content = client.get(listing.get_absolute_url()).content.decode()
    assert "Maria Alvarez" in content
    verified = timezone.localtime(listing.credentials.get(kind="IBCLC").verified_at)
    assert "IBCLC (International Board Certified Lactation Consultant), no. 123456" in content
    assert f"Credential verified on {verified.day} {verified:%B %Y}" in content
    assert "Registered Nurse, no. RN-77, valid until December 2027" in content
    assert content.index("IBCLC (") < content.index("Registered Nurse")
    assert "<dt>Languages</dt><dd>English, Spanish</dd>" in content
    assert "1 Main St" in content
    assert "tel:+15550100" in content and "https://example.org/maria/" in content


def test_home_visit_only_profile_hides_the_street_address(client, site_settings):
    listing = ListingFactory(address="22 Private Lane", home_visits=True, office_visits=False)
    content = client.get(listing.get_absolute_url()).content.decode()
    assert "22 Private Lane" not in content
    assert "Visits clients at home." in content


def test_a_profile_holds_the_listing_as_the_orm_reads_it():
    listing = ListingFactory(home_visits=True, office_visits=False, accepting_clients=False, phone="+1 555 0100")
    profile = listing_profile(listing.slug)
    stored = Listing.objects.get(pk=listing.pk)
    for field in Listing._meta.concrete_fields:  # values and their types: dates, booleans, aware datetimes
        assert repr(getattr(profile, field.attname)) == repr(getattr(stored, field.attname)), field.name
    assert profile._state.adding is False
    assert listing_profile("no-such-slug") is None


@pytest.mark.parametrize("status", ["pending", "expired", "rejected"])
def test_unpublished_profiles_are_not_found(client, site_settings, status):
    listing = ListingFactory(status=status)
    assert client.get(listing.get_absolute_url()).status_code == 404


def test_a_profile_disappears_once_past_its_renewal_date(client, site_settings):
    import datetime

    from django.utils import timezone

    listing = ListingFactory(renewal_due=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(listing.get_absolute_url()).status_code == 404


def test_sitemap_lists_published_profiles_only(client, site_settings):
    ListingFactory(slug="published-pat")
    ListingFactory(slug="pending-pam", status=Status.PENDING, renewal_due=None)
    ListingFactory(slug="lapsed-lou", renewal_due=datetime.date(2000, 1, 1))

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/consultants/published-pat/</loc>" in xml
    assert "pending-pam" not in xml and "lapsed-lou" not in xml


def test_a_result_card_shows_credentials_languages_and_services(client, site_settings):
    listing = ListingFactory(
        name="Ana <Lima>",
        practice_name="Milk & Co",
        home_visits=True,
        office_visits=False,
        accepting_clients=False,
        credentials=["IBCLC", "RN"],
        languages=["es", "en"],
    )
    ibclc = listing.credentials.get(kind="IBCLC")
    ibclc.verified_at = datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC)
    ibclc.save()
    content = client.get(URL, {"place": "02138", "unit": "mi", "radius": "10"}).content.decode()
    assert f'<h3><a href="{listing.get_absolute_url()}">Ana &lt;Lima&gt;</a></h3>' in content
    assert (
        '<span class="badge badge-verified">IBCLC <span title="Credential verified by our moderators">'
        '✓ verified 4 Mar 2026</span></span><span class="badge">RN</span>'
    ) in content
    assert "<p>Milk &amp; Co</p>" in content
    assert '<p class="muted">Home visits · English, Spanish</p>' in content
    assert '<span class="muted">Not accepting new clients at the moment</span>' in content
    assert "· Cambridge, MA</p>" in content


def test_a_telehealth_card_from_afar_says_whom_it_serves(client, site_settings):
    ListingFactory(
        name="Far Away", city="Seattle", region="WA", region_code="WA", latitude=47.6, longitude=-122.3,
        telehealth=True, telehealth_area="country",
    )  # fmt: skip
    content = client.get(URL, {"place": "02138", "unit": "mi", "radius": "10"}).content.decode()
    assert '<span class="badge badge-remote">Telehealth</span> serves your country from Seattle · ' in content


def test_the_language_filter_offers_every_language_and_keeps_its_speakers(client, site_settings):
    ListingFactory(name="Habla", languages=["es"])
    ListingFactory(name="Speaks", languages=["en"])
    content = client.get(URL, {"place": "02138", "unit": "mi", "radius": "10", "language": "es"}).content.decode()
    assert '<option value="es" selected>Spanish</option>' in content
    assert '<option value="en">English</option>' in content
    assert "Habla" in content and "Speaks" not in content
    assert "1 consultant within 10 miles" in content
