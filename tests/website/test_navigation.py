"""Site chrome as readers meet it: where they are, one search box on home, a favicon, our own Donate page."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.consultants.factories import ListingFactory
from tests.factories import ArticleFactory, PageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def nav_link(content, href):
    return re.search(rf'<nav class="site-nav".*?<a href="{re.escape(href)}"([^>]*)>', content, re.DOTALL).group(1)


def test_an_article_marks_its_section_as_where_the_reader_is(client, site_settings):
    article = ArticleFactory(section=SectionFactory(slug="increasing-milk", title="Increasing Milk"))
    other = SectionFactory(slug="causes", title="Causes")
    content = client.get(article.get_absolute_url()).content.decode()
    assert nav_link(content, "/articles/increasing-milk/") == ' aria-current="true"'
    assert nav_link(content, other.get_absolute_url()) == ""
    # The section page itself is the current page; the cached header tells the two apart.
    section_page = client.get("/articles/increasing-milk/").content.decode()
    assert nav_link(section_page, "/articles/increasing-milk/") == ' aria-current="page"'


def test_a_profile_marks_the_directory(client, site_settings):
    listing = ListingFactory()
    content = client.get(listing.get_absolute_url()).content.decode()
    assert nav_link(content, "/consultants/") == ' aria-current="true"'


def test_the_home_page_has_one_search_box_and_its_own_heading(client, site_settings):
    content = client.get("/").content.decode()
    assert content.count('name="q"') == 1
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.DOTALL).group(1)
    assert h1 == "Help for parents making more milk"  # the tagline, not the brand again
    assert 'name="q"' in client.get("/articles/").content.decode()  # other pages keep the header's box


def test_the_phone_menu_button_has_a_close_label_and_icon_for_its_open_state(client, site_settings):
    content = client.get("/").content.decode()
    assert 'data-open-label="Close menu"' in content
    assert "menu-icon-close" in content


def test_favicon_is_served_and_linked(client, site_settings):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").content.decode()


def test_every_donate_link_leads_to_our_own_page(client, site_settings):
    content = client.get("/").content.decode()
    donate_links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>Donate', content)
    assert donate_links and set(donate_links) == {"/donate/"}
    assert "https://example.org/donate/" not in content


def test_the_donate_page_shows_the_appeal_and_the_giving_link(client, site_settings):
    PageFactory(slug="donate", title="Donate", body="## What your gift supports\n\nArticles, reviewed.")
    content = client.get("/donate/").content.decode()
    assert "Your gift keeps this site free." in content
    assert re.search(r'<a class="button button-warm" href="https://example.org/donate/">Give online', content)
    assert "What your gift supports" in content


def test_the_donate_page_without_a_giving_link_says_how_to_help(client, site_settings):
    site_settings.donation_url = ""
    site_settings.save()
    response = client.get("/donate/")
    assert response.status_code == 200
    assert "Online giving is not open yet" in response.content.decode()


@pytest.fixture
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_an_article_edit_leaves_the_rendered_chrome_and_a_section_edit_renews_it(
    client, site_settings, page_cache_off, django_assert_num_queries
):
    section = SectionFactory(slug="increasing-milk", title="Increasing Milk")
    article = ArticleFactory(section=section)
    client.get("/about-us/")  # the chrome is rendered and kept
    PageFactory(slug="about-us")
    client.get("/about-us/")

    article.title = "Pumping more often"
    article.save()
    # The content generation and the page: no query for the menu or the site settings, nothing re-rendered.
    with django_assert_num_queries(2):
        assert "Increasing Milk" in client.get("/about-us/").content.decode()

    section.title = "Making More Milk"
    section.save()
    with django_assert_num_queries(4):  # the generation, the page, then the chrome's menu and site settings
        content = client.get("/about-us/").content.decode()
    assert "Making More Milk" in content and "Increasing Milk" not in content


def test_each_worker_keeps_the_rendered_chrome_itself_whatever_the_cache_does(client, site_settings, page_cache_off):
    # Rendered once per change to the chrome and kept in the worker's memory: no cache round trip on every page (five
    # with Redis), and a cache that is down, full or cleared takes nothing from the page.
    SectionFactory(title="Increasing Milk")
    PageFactory(slug="about-us")
    first = client.get("/about-us/")
    cache.clear()
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        again = client.get("/about-us/")

    chrome = {"includes/site_header.html", "includes/site_footer.html", "includes/book_promo.html"}
    assert chrome <= {template.name for template in first.templates}
    assert not chrome & {template.name for template in again.templates}  # not rendered again
    assert again.status_code == 200 and "Increasing Milk" in again.content.decode()
