"""The finder as a parent uses it: the radius and unit agree everywhere, free-form places, clear messages."""

import re

import pytest
from django.urls import reverse

from consultants import geo
from consultants.forms import ConsultantSearchForm
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db

URL = reverse("consultants:search")


def selected(content, name):
    """The value a <select> shows as chosen."""
    select = re.search(rf'<select name="{name}".*?</select>', content, re.DOTALL).group(0)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


@pytest.mark.parametrize(
    ("start", "unit"),
    [
        ({"place": "02138"}, "mi"),  # the home page's box sends the place only
        ({"place": "02138", "radius": "25", "unit": "", "credential": ""}, "mi"),  # the directory's own form
        ({"place": "", "lat": "42.37", "lng": "-71.11", "unit": ""}, "mi"),  # "use my location"
        ({"place": "Toronto Ontario"}, "km"),
        ({"place": "London UK"}, "km"),  # miles by default only in the US
    ],
)
def test_every_starting_point_gets_the_same_default_unit_in_the_address(client, site_settings, start, unit):
    response = client.get(URL, start)
    assert response.status_code == 302
    assert f"unit={unit}" in response.url and "radius=25" in response.url

    content = client.get(response.url).content.decode()
    assert selected(content, "unit") == unit and selected(content, "radius") == "25"
    assert f"within 25 {geo.unit_name(unit)} of" in content


def test_a_filter_change_keeps_the_persons_radius_and_unit(client, site_settings):
    ListingFactory(name="Accepting", accepting_clients=True)
    first = client.get(URL, {"place": "02138", "radius": "10", "unit": "km"}).content.decode()
    assert "within 10 km of 02138" in first
    # Ticking a filter resubmits the form as the page showed it.
    again = client.get(URL, {"place": "02138", "radius": "10", "unit": "km", "accepting": "on"})
    assert again.status_code == 200
    content = again.content.decode()
    assert "within 10 km of 02138" in content
    assert selected(content, "unit") == "km" and selected(content, "radius") == "10"
    assert 'Filters <span class="filter-count">(1 on)</span>' in content


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Cambridge MA", "Cambridge, Massachusetts, United States"),
        ("Melbourne FL", "Melbourne, Florida, United States"),
        ("Springfield IL", "Springfield, Illinois, United States"),
        ("Springfield, Illinois", "Springfield, Illinois, United States"),
        ("London UK", "London, England, United Kingdom"),
        ("Toronto Ontario", "Toronto, Ontario, Canada"),
    ],
)
def test_free_form_places_are_understood(client, site_settings, typed, found):
    response = client.get(URL, {"place": typed}, follow=True)
    assert response.status_code == 200
    assert f"of {found}" in response.content.decode()


def test_a_postcode_the_offline_data_cannot_place_gets_a_clear_message(client, site_settings):
    content = client.get(URL, {"place": "SW1A 1AA"}).content.decode()
    assert "We can't look up postcodes outside the US yet" in content
    assert "“London, UK”" in content
    assert 'id="lookup-message" tabindex="-1" autofocus' in content


def test_an_empty_search_says_what_to_do(client, site_settings):
    response = client.get(URL, {"place": "", "radius": "25", "unit": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error-summary" id="error-summary" tabindex="-1" autofocus' in content
    assert '<a href="#id_place">Enter a ZIP code or a city, or use your location</a>' in content
    assert "<title>Error: " in content


def test_use_my_location_heading_reads_well(client, site_settings):
    content = client.get(URL, {"lat": "42.37", "lng": "-71.11", "unit": "mi", "radius": "25"}).content.decode()
    assert "within 25 miles of your location (near Cambridge, Massachusetts, United States)" in content
    assert "of near" not in content


def test_distances_are_rounded_as_people_say_them(client, site_settings):
    ListingFactory(name="Far away", latitude=25.7617, longitude=-80.1918, telehealth=True, telehealth_area="country")
    ListingFactory(name="Close by", latitude=42.3601, longitude=-71.0589)
    content = client.get(URL, {"place": "02138", "unit": "mi", "radius": "25"}).content.decode()
    assert re.search(r"1,2\d\d\xa0miles", content)  # Miami from Cambridge, MA: about 1,250 miles
    assert "3.6\xa0miles" in content
    assert ".0 miles" not in content


def test_results_come_first_and_take_focus(client, site_settings):
    ListingFactory(name="Maria Alvarez")
    content = client.get(URL, {"place": "02138", "unit": "mi", "radius": "25"}).content.decode()
    assert '<h2 id="results-heading" tabindex="-1" autofocus>' in content
    # The filters are folded away (wide screens unfold them beside the results) and come before them.
    assert re.search(r'<details class="finder-filters" data-filters>', content)
    assert content.index("finder-filters") < content.index("results-heading") < content.index("Maria Alvarez")
    # The filter controls belong to the search form although they sit outside it.
    assert 'name="accepting" form="consultant-search"' in content


def test_the_empty_finder_shows_its_filters_open(client, site_settings):
    content = client.get(URL).content.decode()
    assert '<details class="finder-filters" data-filters open>' in content
    assert "autofocus" not in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"place": "02138", "radius": "7"},
            '<a href="#id_radius">Choose a distance from the list: 10, 25, 50 or 100</a>',
        ),
        ({"place": "02138", "unit": "furlongs"}, '<a href="#id_unit">Choose miles or km</a>'),
        ({"lat": "999", "lng": "0"}, "<li>Your location was not understood; use your location again, or type a ZIP"),
        ({"place": "02138", "language": "klingon"}, '<a href="#id_language">Choose a language from the list</a>'),
    ],
)
def test_an_address_edited_by_hand_gets_a_message_that_says_what_to_do(client, site_settings, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "Select a valid choice" not in content and 'href="#id_lat"' not in content


@pytest.mark.parametrize(
    "params", [{"place": "02138", "credential": "IBCLC", "language": "es"}, {"place": "02138", "language": "klingon"}]
)
def test_the_credential_and_language_lists_have_the_markup_of_every_other_select(client, site_settings, params):
    """They are written straight from their choices (core.widgets.Select); the page shows that markup, chosen
    values selected."""
    content = client.get(URL, params, follow=True).content.decode()
    form = ConsultantSearchForm(params)
    form.is_valid()
    for name in ("credential", "language"):
        assert str(form[name]) in content
    if params.get("language") == "es":
        assert '<option value="es" selected>' in content
