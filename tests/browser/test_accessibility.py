"""axe-core (shipped in axe-playwright-python) on every public page type: zero WCAG 2.2 A/AA violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "home": "/",
    "sections": "/articles/",
    "section": "/articles/increasing-milk/",
    "article": "/articles/increasing-milk/acupuncture-and-acupressure/",
    "references": "/references/",
    "reference search": "/references/?q=acupuncture",
    "page": "/about/",
    "donate": "/donate/",
    "contact": "/contact/",
    "contact sent": "/contact/thanks/",
    "search results": "/search/?q=feeding",
    "search without results": "/search/?q=zzyzx",
    "search too long": "/search/?q=" + "x" * 300,
    "not found": "/no-such-page/",
    "directory": "/consultants/",
    "directory results": "/consultants/?place=02138&radius=50&unit=km",
    "directory ambiguous place": "/consultants/?place=Cambridge",
    "consultant profile": "/consultants/maria-alvarez/",
    "listing submission": "/consultants/submit/",
}

axe = Axe()


def violations(page):
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_pages_have_no_wcag_violations(open_page, site, viewport, scheme):
    page = open_page(viewport=viewport, color_scheme=scheme)
    found = {}
    for name, path in PAGES.items():
        page.goto(site + path)
        if viewport is PHONE and name == "home":
            page.get_by_role("button", name="Menu").click()  # check the open menu too
        if problems := violations(page):
            found[name] = problems
    assert found == {}


def test_contact_form_errors_have_no_wcag_violations(page, site):
    page.goto(site + "/contact/")
    page.get_by_role("button", name="Send message").click()
    page.get_by_role("alert").wait_for()
    assert violations(page) == []


def test_the_checker_itself_finds_problems(page, site):
    """Guards the suite against a silently broken axe: a missing alt text and faint text must be reported."""
    page.goto(site + "/about/")
    page.evaluate(
        """() => { const main = document.querySelector('main');
                   main.insertAdjacentHTML('beforeend', '<img src="/static/none.png"><p class="faint">Faint words</p>');
                   document.querySelector('.faint').style.color = '#ddd'; }"""
    )
    found = " ".join(violations(page))
    assert "image-alt" in found
    assert "color-contrast" in found
