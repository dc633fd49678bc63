"""The consultant finder in Chromium as a parent uses it, on a 360 px phone and a 1280 px desktop."""

import re

import pytest
from playwright.sync_api import expect

from consultants.models import Listing
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


def no_tiles(page):
    """The map's tile server is on the internet, which tests never reach; markers draw without tiles."""
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    return page


def focused_id(page):
    return page.evaluate("document.activeElement.id")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_search_from_home_keeps_radius_and_unit_in_sync_and_shows_results_first(open_page, site, viewport):
    page = no_tiles(open_page(viewport=viewport))
    page.goto(site + "/")
    page.get_by_label("ZIP code or city").fill("02138")
    page.get_by_role("button", name="Find help").click()
    page.wait_for_url(re.compile(r"unit=mi&radius=25"))

    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("within 25 miles of 02138")
    expect(page.get_by_label("Within", exact=True)).to_have_value("25")
    expect(page.get_by_label("Unit", exact=True)).to_have_value("mi")
    # Results first: the heading is on the first screen and has focus, so it is read out first.
    box = heading.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"]
    assert focused_id(page) == "results-heading"
    assert violations(page) == []

    filters = page.locator("details.finder-filters")
    if viewport is PHONE:
        assert not filters.evaluate("el => el.open")  # folded under one line
        filters.locator("summary").click()
    else:
        assert filters.evaluate("el => el.open")  # beside the results
        assert filters.bounding_box()["x"] < heading.bounding_box()["x"]
    page.get_by_label("Accepting new clients").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"accepting=on"))
    expect(page.locator("#results-heading")).to_contain_text("within 25 miles of 02138")
    expect(page.get_by_label("Unit", exact=True)).to_have_value("mi")
    assert "unit=mi" in page.url and "radius=25" in page.url
    expect(filters.locator("summary")).to_contain_text("(1 on)")


def test_the_persons_own_unit_is_kept_when_a_filter_changes(page, site):
    no_tiles(page)
    page.goto(site + "/consultants/")
    page.get_by_label("ZIP code or city").fill("Cambridge MA")
    page.get_by_label("Within", exact=True).select_option("10")
    page.get_by_label("Unit", exact=True).select_option("km")
    page.locator("#consultant-search").get_by_role("button", name="Search").click()
    expect(page.locator("#results-heading")).to_contain_text("within 10 km of Cambridge, Massachusetts, United States")
    page.get_by_label("Credential").select_option("IBCLC")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"credential=IBCLC"))
    expect(page.locator("#results-heading")).to_contain_text("within 10 km of Cambridge")
    expect(page.get_by_label("Unit", exact=True)).to_have_value("km")


@pytest.mark.parametrize(
    ("typed", "heading"),
    [
        ("Melbourne FL", "Melbourne, Florida, United States"),
        ("Springfield, Illinois", "Springfield, Illinois, United States"),
        ("London UK", "London, England, United Kingdom"),
    ],
)
def test_places_typed_freely_are_found(page, site, typed, heading):
    no_tiles(page)
    page.goto(site + "/consultants/")
    page.get_by_label("ZIP code or city").fill(typed)
    page.get_by_label("ZIP code or city").press("Enter")
    expect(page.locator("#results-heading")).to_contain_text(heading)


def test_use_my_location_searches_in_the_local_unit_and_reads_well(open_page, site):
    page = no_tiles(
        open_page(viewport=PHONE, geolocation={"latitude": 42.375, "longitude": -71.106}, permissions=["geolocation"])
    )
    page.goto(site + "/consultants/")
    page.get_by_role("button", name="Use my location").click()
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("within 25 miles of your location (near Cambridge, Massachusetts")
    assert "of near" not in heading.inner_text()
    assert re.search(r"\d \w+ miles|\d\.\d\xa0miles", page.locator(".distance").first.inner_text())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_an_empty_search_or_a_foreign_postcode_says_what_to_do(open_page, site, viewport):
    page = open_page(viewport=viewport)
    page.goto(site + "/consultants/")
    page.locator("#consultant-search").get_by_role("button", name="Search").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter a ZIP code or a city, or use your location")
    assert focused_id(page) == "error-summary"
    summary.get_by_role("link").click()
    assert focused_id(page) == "id_place"
    assert violations(page) == []

    page.get_by_label("ZIP code or city").fill("SW1A 1AA")
    page.get_by_label("ZIP code or city").press("Enter")
    expect(page.locator("#lookup-message")).to_contain_text("We can't look up postcodes outside the US yet")
    assert focused_id(page) == "lookup-message"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_consultants_at_one_place_share_a_marker_that_can_be_tapped(open_page, site, viewport):
    page = no_tiles(open_page(viewport=viewport))
    page.goto(site + "/consultants/?place=Melbourne&unit=km&radius=25")
    expect(page.locator("#consultant-map")).to_be_visible()
    group = page.locator(".leaflet-marker-icon", has=page.locator(".marker-group"))
    expect(group).to_have_count(1)
    expect(group).to_have_attribute("title", re.compile(r"^2 consultants: "))
    group.click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_have_css("opacity", "1")  # faded in
    expect(popup.get_by_role("link", name="Charlotte Taylor")).to_be_visible()
    expect(popup.get_by_role("link", name="Zoe Papadopoulos")).to_be_visible()
    assert violations(page) == []


def test_a_profile_with_a_long_web_address_does_not_scroll_sideways_at_320px(open_page, site):
    Listing.objects.filter(slug="maria-alvarez").update(
        website_url="https://www.cambridge-lactation-care-and-breastfeeding-support.example.org/about-us/our-team/"
    )
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto(site + "/consultants/maria-alvarez/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert violations(page) == []


def test_the_finder_and_its_results_do_not_scroll_sideways_at_320px(open_page, site):
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto(site + "/consultants/?place=02138")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert violations(page) == []


def test_map_markers_show_their_images_when_static_files_have_hashed_names(page, site):
    # In production collectstatic renames leaflet.css's images (marker-icon.png -> marker-icon.<hash>.png), and
    # Leaflet, which works out its image folder from that stylesheet, asked for /consultants/marker-icon.png: a
    # broken image on every marker. Here the stylesheet is served as collectstatic rewrites it.
    no_tiles(page)

    def hashed_stylesheet(route):
        css = route.fetch().text().replace("images/marker-icon.png", "images/marker-icon.0123abcd4567.png")
        route.fulfill(body=css, content_type="text/css")

    page.route(re.compile(r"/leaflet\.css$"), hashed_stylesheet)
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site + "/consultants/?place=02138&radius=25&unit=mi")

    marker = page.locator("img.leaflet-marker-icon").first
    expect(marker).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert marker.evaluate("image => image.complete && image.naturalWidth > 0")  # the image itself, not a broken one
    assert marker.get_attribute("src").endswith("/static/vendor/leaflet/images/marker-icon.png")
    assert not [url for url in asked if "marker-" in url and "/static/" not in url]
