"""The demo as a new user judges it: every article shows its references, and no review is overdue."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


def test_every_demo_article_cites_its_sources_and_is_not_overdue_for_review(page, site):
    page.goto(site + "/articles/")
    links = [link.get_attribute("href") for link in page.locator("main .article-links a, main li a").all()]
    articles = sorted({href for href in links if href and href.count("/") == 4 and href.startswith("/articles/")})
    assert len(articles) >= 10
    today = datetime.date.today()
    for path in articles:
        page.goto(site + path)
        assert page.locator(".references li").count() >= 2, path
        assert page.locator(".prose sup.cite").count() >= 2, path
        times = page.locator(".review-dates time")
        reviewed = datetime.date.fromisoformat(times.nth(0).get_attribute("datetime"))
        due = datetime.date.fromisoformat(times.nth(1).get_attribute("datetime"))
        assert reviewed <= today < due, path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_newly_cited_article_reads_cleanly(open_page, site, viewport):
    page = open_page(viewport=viewport)
    page.goto(site + "/articles/increasing-milk/galactagogue-herbs/")
    expect(page.locator(".references")).to_contain_text("Mortel M, Mehta SD.")
    assert violations(page) == []
