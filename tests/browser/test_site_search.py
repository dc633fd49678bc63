"""Site search that forgives a misspelling, in Chromium at 360 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_misspelt_search_offers_the_right_word_and_finds_the_article(open_page, site, viewport):
    page = open_page(viewport=viewport)
    page.goto(site + "/")
    page.get_by_label("What would you like to know?").fill("fenugrek")
    page.get_by_label("What would you like to know?").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=fenugrek"))
    suggestion = page.get_by_role("link", name="fenugreek", exact=True)
    expect(page.locator(".did-you-mean")).to_have_text("Did you mean fenugreek?")
    assert violations(page) == []

    suggestion.click()
    page.wait_for_url(re.compile(r"q=fenugreek$"))
    result = page.locator(".search-result").filter(has=page.get_by_role("link", name="Herbs for Milk Supply"))
    expect(result).to_be_visible()
    # The heading and the paragraph after it read as two sentences, not one run-on line.
    assert "herbs Fenugreek" not in result.locator(".snippet").inner_text()
