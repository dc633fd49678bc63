"""Citations as AMA sets them, and reference previews, in Chromium at 360 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

ARTICLE = "/articles/increasing-milk/acupuncture-and-acupressure/"

# Every superscript as "<text just before>|<numbers>|<text just after>".
CITATIONS_IN_CONTEXT = """() => [...document.querySelectorAll('.prose sup.cite')].map(sup => {
    const before = (sup.previousSibling && sup.previousSibling.textContent) || '';
    const after = (sup.nextSibling && sup.nextSibling.textContent) || '';
    return before.slice(-12) + '|' + sup.textContent + '|' + after.slice(0, 3);
})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_citations_follow_the_full_stop_touch_the_word_and_collapse_runs(open_page, site, viewport):
    page = open_page(viewport=viewport)
    page.goto(site + ARTICLE)
    found = page.evaluate(CITATIONS_IN_CONTEXT)
    assert found
    for citation in found:
        before, numbers, after = citation.split("|")
        assert not before.endswith((" ", "\n")), citation
        assert not after.startswith((".", ",")), citation
    assert "more milk.|1-3| " in "\n".join(found)

    # Page ranges in the list stay on one line, even on a phone.
    ranges = page.locator(".references .nowrap")
    assert ranges.count() > 0
    for index in range(ranges.count()):
        assert ranges.nth(index).evaluate("el => el.getClientRects().length") == 1
    assert violations(page) == []


def test_a_back_link_lands_with_the_cited_sentence_in_view(page, site):
    page.goto(site + ARTICLE)
    page.get_by_role("link", name="Back to citation 2 of reference 1 in the text").click()
    page.wait_for_url(re.compile("#cite-1-2$"))
    # The page scrolls smoothly; it must come to rest with the number about a third of the way down,
    # the lines before it (the start of its sentence) on screen.
    page.wait_for_function(
        "() => Math.abs(document.getElementById('cite-1-2').getBoundingClientRect().top - innerHeight * 0.35) < 40"
    )
    target = page.locator("#cite-1-2").bounding_box()
    assert target["y"] > 150
    assert target["y"] + target["height"] < DESKTOP["height"]


def test_the_middle_of_a_range_is_still_a_back_link_target(page, site):
    page.goto(site + ARTICLE)
    page.goto(site + ARTICLE + "#cite-2-1")
    expect(page.locator("#cite-2-1")).to_be_attached()
    assert page.locator("sup.cite").filter(has=page.locator("#cite-2-1")).inner_text() == "1-3"


def test_pointing_at_or_focusing_a_number_previews_its_reference(page, site):
    page.goto(site + ARTICLE)
    number = page.locator("#cite-1-1")
    number.hover()
    preview = page.locator(".ref-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Jenner C")
    assert violations(page) == []
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()

    # Keyboard: focus shows it, and screen readers hear the entry as the link's description.
    page.mouse.move(0, 0)
    number.focus()
    expect(preview).to_be_visible()
    described = number.get_attribute("aria-describedby")
    assert "Jenner C" in page.locator(f"#{described}").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("#ref-1$"))


def test_on_a_phone_the_first_tap_previews_and_the_second_follows(phone, site):
    phone.goto(site + ARTICLE)
    number = phone.locator("#cite-4-1")
    number.tap()
    preview = phone.locator(".ref-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Tap the number again")
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert not phone.url.endswith("#ref-4")
    number.tap()
    phone.wait_for_url(re.compile("#ref-4$"))
    expect(preview).to_be_hidden()


def test_without_javascript_the_number_still_leads_to_the_list(open_page, site):
    page = open_page(java_script_enabled=False)
    page.goto(site + ARTICLE)
    page.locator("#cite-1-1").click()
    page.wait_for_url(re.compile("#ref-1$"))
