import json
import re

import pytest
from django.template.loader import render_to_string

from articles.models import Status
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory, SectionFactory

pytestmark = pytest.mark.django_db

ARTICLE_BODY = "Intro [@jenner2002].\n\n## One\n\nText.\n\n## Two\n\nMore [@jenner2002].\n\n## Three\n\nEnd."


@pytest.fixture
def article(site_settings):
    ReferenceFactory(key="jenner2002")
    section = SectionFactory(title="Increasing Milk", slug="increasing-milk")
    return ArticleFactory(
        section=section,
        slug="pumping",
        title="Pumping </script> & more",
        summary="How pumping helps.",
        seo_description="Pumping, explained for search engines.",
        body=ARTICLE_BODY,
    )


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_page_has_title_description_canonical_and_sharing_tags(client, article):
    html = client.get("/articles/increasing-milk/pumping/").content.decode()
    assert "<title>Pumping &lt;/script&gt; &amp; more · Low Milk Supply</title>" in html
    assert '<meta name="description" content="Pumping, explained for search engines.">' in html
    assert '<link rel="canonical" href="http://testserver/articles/increasing-milk/pumping/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://testserver/articles/increasing-milk/pumping/">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_canonical_url_drops_the_query_string(client, article):
    html = client.get("/articles/increasing-milk/pumping/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/increasing-milk/pumping/">' in html


def test_article_json_ld_describes_the_medical_page_its_publisher_and_breadcrumbs(client, article):
    html = client.get("/articles/increasing-milk/pumping/").content.decode()
    graph = {node["@type"]: node for node in json_ld(html)["@graph"]}
    page = graph["MedicalWebPage"]
    assert page["lastReviewed"] == "2025-03-14"
    assert page["url"] == "http://testserver/articles/increasing-milk/pumping/"
    assert page["name"] == "Pumping </script> & more"
    assert page["reviewedBy"] == {"@type": "Person", "name": "Dr. A. Reviewer"}
    assert graph["Organization"]["name"] == "Low Milk Supply"
    trail = [(item["name"], item["item"]) for item in graph["BreadcrumbList"]["itemListElement"]]
    assert trail == [
        ("Low Milk Supply", "http://testserver/"),
        ("Increasing Milk", "http://testserver/articles/increasing-milk/"),
        ("Pumping </script> & more", "http://testserver/articles/increasing-milk/pumping/"),
    ]


def test_json_ld_cannot_close_its_script_element(client, article):
    html = client.get("/articles/increasing-milk/pumping/").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    assert "</script>" not in script
    assert "\\u003C/script\\u003E" in script


def test_home_page_json_ld_offers_the_site_search(client, site_settings):
    graph = {node["@type"]: node for node in json_ld(client.get("/").content.decode())["@graph"]}
    assert graph["WebSite"]["potentialAction"]["target"]["urlTemplate"] == (
        "http://testserver/search/?q={search_term_string}"
    )


def test_long_articles_get_a_table_of_contents_with_the_references(client, article):
    html = client.get("/articles/increasing-milk/pumping/").content.decode()
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.DOTALL).group(0)
    assert re.findall(r'href="#([\w-]+)"', toc) == ["one", "two", "three", "references-title"]
    assert 'id="one"' in html


def test_short_articles_have_no_table_of_contents(client, site_settings):
    article = ArticleFactory(body="## Only one heading\n\nText.")
    assert 'class="toc"' not in client.get(article.get_absolute_url()).content.decode()


def test_article_page_prints_its_address_and_links_the_print_stylesheet(client, article):
    html = client.get("/articles/increasing-milk/pumping/").content.decode()
    assert 'href="/static/css/print.css" media="print"' in html
    assert '<p class="print-url">This page: http://testserver/articles/increasing-milk/pumping/</p>' in html


def test_article_page_citations_link_both_ways(client, article):
    html = client.get("/articles/increasing-milk/pumping/").content.decode()
    assert '<a href="#ref-1" id="cite-1-1"' in html
    assert '<a href="#ref-1" id="cite-1-2"' in html
    assert 'id="ref-1"' in html
    assert 'href="#cite-1-1"' in html and 'href="#cite-1-2"' in html


def test_article_page_query_budget(client, article, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/articles/increasing-milk/pumping/").status_code == 200


def test_sitemap_lists_articles_sections_and_pages_but_not_drafts(client, article):
    PageFactory(slug="about", title="About Us")
    ArticleFactory(section=article.section, slug="secret-draft", status=Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in ["/", "/articles/", "/articles/increasing-milk/", "/articles/increasing-milk/pumping/", "/about/"]:
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert "secret-draft" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.parametrize(("path", "content_type"), [("/feed/", "application/atom+xml"), ("/feed/rss/", "rss+xml")])
def test_feeds_list_published_articles_only(client, article, path, content_type):
    ArticleFactory(section=article.section, title="A draft nobody sees", status=Status.DRAFT)
    response = client.get(path)
    assert content_type in response["Content-Type"]
    body = response.content.decode()
    assert "http://testserver/articles/increasing-milk/pumping/" in body
    assert "A draft nobody sees" not in body


def test_every_page_links_the_feed(client, site_settings):
    assert 'type="application/atom+xml"' in client.get("/").content.decode()


def test_unknown_page_gets_the_designed_404(client, site_settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn't find that page" in html
    assert 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_request_for_an_unknown_host_gets_the_designed_400(client, site_settings):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Something was wrong with that request" in html
    assert "attacker.example" not in html


def test_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Sorry, something went wrong on our side" in html
    assert "/static/css/site.css" in html


@pytest.mark.parametrize(("template", "heading"), [("403.html", "you can't open"), ("429.html", "wait a moment")])
def test_other_error_pages_render_in_the_site_design(rf, site_settings, template, heading):
    html = render_to_string(template, request=rf.get("/"))
    assert heading in html
    assert 'class="site-header"' in html
