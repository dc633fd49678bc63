import re

import pytest
from playwright.sync_api import expect

from pages.models import ContactMessage

pytestmark = pytest.mark.browser

ARTICLE = "/articles/increasing-milk/acupuncture-and-acupressure/"


def active_element(page):
    return page.evaluate("() => { const el = document.activeElement; return el.id || el.textContent.trim(); }")


def test_reading_an_article_following_a_citation_and_its_back_link(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="Acupuncture and Acupressure").first.click()
    page.wait_for_url(re.compile(re.escape(ARTICLE) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Acupuncture and Acupressure"
    assert page.get_by_role("navigation", name="Breadcrumb").is_visible()
    assert page.locator(".review-dates").inner_text().startswith("Page last reviewed:")

    page.locator("#cite-1-1").click()
    page.wait_for_url(re.compile("#ref-1$"))
    reference = page.locator("#ref-1")
    expect(reference).to_be_in_viewport()
    assert "Jenner C" in reference.inner_text()
    assert reference.evaluate("el => el.matches(':target')")

    page.get_by_role("link", name="Back to citation 2 of reference 1 in the text").click()
    page.wait_for_url(re.compile("#cite-1-2$"))
    expect(page.locator("#cite-1-2")).to_be_in_viewport()


def test_citation_numbers_are_big_enough_to_tap(phone, site):
    phone.goto(site + ARTICLE)
    box = phone.locator("#cite-1-1").bounding_box()
    # The visible pill plus its invisible padding (::after) give at least a 24 x 24 px target (WCAG 2.5.8).
    hit = phone.locator("#cite-1-1").evaluate(
        """el => { const r = el.getBoundingClientRect(); const a = getComputedStyle(el, '::after');
                   return [r.width - parseFloat(a.left) - parseFloat(a.right),
                           r.height - parseFloat(a.top) - parseFloat(a.bottom)]; }"""
    )
    assert box["width"] >= 16
    assert hit[0] >= 24 and hit[1] >= 24


def test_the_table_of_contents_jumps_to_a_section(page, site):
    page.goto(site + ARTICLE)
    toc = page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="How might it work?").click()
    page.wait_for_url(re.compile("#how-might-it-work$"))
    assert page.locator("#how-might-it-work").is_visible()


def test_keyboard_only_skip_link_search_and_menu(open_page, site):
    page = open_page()
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert active_element(page) == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("#main$"))
    assert active_element(page) == "main"

    # From the top of a page: the search box comes before the navigation (home has its own box instead).
    page.goto(site + "/articles/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if active_element(page) == "site-search":
            break
    assert active_element(page) == "site-search"
    page.keyboard.type("pumping")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=pumping$"))
    assert "found for “pumping”" in page.locator(".results-count").inner_text()

    # On a phone the menu button opens the menu, Tab walks into it and Escape closes it again.
    phone = open_page(viewport={"width": 360, "height": 740})
    phone.goto(site + "/articles/")
    button = phone.get_by_role("button", name="Menu")
    for _ in range(5):
        phone.keyboard.press("Tab")
        if active_element(phone) == "Menu":
            break
    assert active_element(phone) == "Menu"
    phone.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    phone.keyboard.press("Tab")
    assert active_element(phone) == "site-search"
    phone.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert active_element(phone) == "Menu"
    assert not phone.locator("#site-search").is_visible()


def test_phone_menu_opens_and_leads_to_a_page(phone, site):
    phone.goto(site + "/")
    nav = phone.get_by_role("navigation", name="Main")
    assert not nav.is_visible()
    phone.get_by_role("button", name="Menu").click()
    assert nav.is_visible()
    nav.get_by_role("link", name="About Us").click()
    phone.wait_for_url(re.compile("/about/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "About Us"


def test_without_javascript_the_phone_menu_is_simply_open(open_page, site):
    page = open_page(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page.goto(site + "/")
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert not page.locator(".menu-toggle").is_visible()


def test_contact_form_keeps_what_was_typed_and_then_sends(page, site):
    page.goto(site + "/contact/")
    page.get_by_label("Your name").fill("Sam Parent")
    page.get_by_label("Your email address").fill("not-an-email")
    page.get_by_role("button", name="Send message").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert page.get_by_label("Your name").input_value() == "Sam Parent"

    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_label("Subject").fill("Thank you")
    page.get_by_label("Message", exact=True).fill("Your pumping article helped a lot.")
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url(re.compile("/contact/thanks/$"))
    assert "Thank you" in page.get_by_role("heading", level=1).inner_text()
    assert ContactMessage.objects.filter(email="sam@example.org", subject="Thank you").exists()


def test_search_from_the_home_page_highlights_matches(page, site):
    page.goto(site + "/")
    page.get_by_label("What would you like to know?").fill("feeding")
    page.get_by_label("What would you like to know?").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=feeding$"))
    results = page.locator(".search-result")
    assert results.count() > 0
    assert results.first.locator("mark").count() > 0
    results.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).is_visible()


def test_print_shows_the_article_references_and_address_without_navigation(page, site):
    page.goto(site + ARTICLE)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.locator(".donation-appeal").is_visible()
    assert not page.locator(".book-promo").is_visible()
    assert page.locator(".references").is_visible()
    assert page.locator("#ref-6").is_visible()
    assert page.locator(".print-url").inner_text() == f"This page: {site}{ARTICLE}"
