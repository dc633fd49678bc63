"""Screenshots at phone and desktop widths (saved under test-artifacts/screenshots) and no sideways scrolling."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, TABLET

pytestmark = pytest.mark.browser

SCREENSHOT_PAGES = {
    "home": "/",
    "article": "/articles/increasing-milk/acupuncture-and-acupressure/",
    "search": "/search/?q=feeding",
    "directory": "/consultants/?place=02138&radius=50&unit=km",
}
LAYOUT_PAGES = {
    **SCREENSHOT_PAGES,
    "sections": "/articles/",
    "section": "/articles/increasing-milk/",
    "references": "/references/",
    "contact": "/contact/",
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_screenshots(open_page, site, artifacts, viewport):
    page = open_page(viewport=viewport)
    for name, path in SCREENSHOT_PAGES.items():
        page.goto(site + path)
        page.screenshot(path=artifacts / "screenshots" / f"{name}-{viewport['width']}.png", full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["360", "768", "1280"])
def test_no_horizontal_scrolling(open_page, site, viewport):
    page = open_page(viewport=viewport)
    too_wide = {}
    for name, path in LAYOUT_PAGES.items():
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            too_wide[name] = width
    assert too_wide == {}


def test_appeals_come_after_the_article_on_phones_and_beside_it_on_desktops(open_page, site):
    path = SCREENSHOT_PAGES["article"]
    phone = open_page(viewport=PHONE)
    phone.goto(site + path)
    article_bottom = phone.locator("article").bounding_box()
    appeal = phone.locator(".donation-appeal").bounding_box()
    assert appeal["y"] > article_bottom["y"] + article_bottom["height"]

    desktop = open_page(viewport=DESKTOP)
    desktop.goto(site + path)
    article_box = desktop.locator("article").bounding_box()
    appeal = desktop.locator(".donation-appeal").bounding_box()
    assert appeal["x"] > article_box["x"] + article_box["width"]
    assert appeal["y"] < article_box["y"] + 400


def test_body_text_is_at_least_16px_with_a_measure_of_about_70_characters(page, site):
    page.goto(site + SCREENSHOT_PAGES["article"])
    size, width, zero_width = page.locator(".prose p").first.evaluate(
        """el => {
            const style = getComputedStyle(el);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            return [parseFloat(style.fontSize), el.getBoundingClientRect().width, context.measureText('0').width];
        }"""
    )
    assert size >= 16
    assert width <= 70 * zero_width + 1  # the CSS measure: 70ch
