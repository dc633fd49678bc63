"""Navigation in Chromium: one line on a desktop, where the reader is, the phone menu's open state, a
favicon, one search box on home, and Donate leading to our own page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

ARTICLE = "/articles/increasing-milk/acupuncture-and-acupressure/"


def test_the_desktop_menu_fits_on_one_line_and_marks_the_articles_section(page, site):
    page.goto(site + ARTICLE)
    nav = page.get_by_role("navigation", name="Main")
    tops = {round(box["y"]) for box in (item.bounding_box() for item in nav.get_by_role("listitem").all())}
    assert len(tops) == 1, tops
    expect(nav.get_by_role("link", name="Increasing Milk")).to_have_attribute("aria-current", "true")
    assert nav.locator("[aria-current]").count() == 1


def test_the_home_page_has_one_search_box_and_a_heading_of_its_own(page, site):
    page.goto(site + "/")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading != page.locator(".brand-name").inner_text()


def test_the_phone_menu_says_close_when_open(phone, site):
    phone.goto(site + "/")
    button = phone.get_by_role("button", name="Menu")
    button.click()
    close = phone.get_by_role("button", name="Close menu")
    expect(close).to_have_attribute("aria-expanded", "true")
    expect(close.locator(".menu-icon-close")).to_be_visible()
    expect(close.locator(".menu-icon-open")).to_be_hidden()
    assert violations(phone) == []
    phone.keyboard.press("Escape")
    expect(phone.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")


def test_a_favicon_is_linked_and_served(page, site):
    page.goto(site + "/")
    href = page.locator('link[rel="icon"]').first.get_attribute("href")
    response = page.request.get(site + href)
    assert response.ok and response.headers["content-type"] == "image/x-icon"
    assert page.request.get(site + "/favicon.ico").ok


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_donate_leads_to_our_page_with_the_appeal_and_the_giving_link(open_page, site, viewport):
    page = open_page(viewport=viewport)
    page.goto(site + ARTICLE)
    page.locator(".site-header").get_by_role("link", name="Donate").click()
    page.wait_for_url(re.compile("/donate/$"))
    give = page.get_by_role("link", name=re.compile("^Give online"))
    expect(give).to_have_attribute("href", "https://www.lowmilksupply.org/donate/")
    expect(page.locator(".donate-give")).to_contain_text("kept free and independent")
    assert violations(page) == []
