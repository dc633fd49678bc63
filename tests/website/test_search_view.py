import re

import pytest

from tests.factories import ArticleFactory, ReferenceFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_search_page_lists_ranked_articles_with_highlighted_snippets(client, site_settings):
    ArticleFactory(title="Pumping basics", summary="Getting started with a pump.")
    response = client.get("/search/", {"q": "pumping"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 article found for “pumping”" in html
    assert ">Pumping basics</a>" in html
    assert "<mark>" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_empty_search_shows_the_form_without_results(client, site_settings):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "found for" not in response.content.decode()


@pytest.mark.parametrize("query", ["x" * 10_000, "milk\x00supply"])
def test_bad_queries_get_a_400_page_that_says_what_to_fix(client, site_settings, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


@pytest.mark.parametrize("page", ["banana", "0", "-1", "2.5", "9" * 30])
def test_a_nonsense_page_number_shows_a_results_page(client, site_settings, page):
    ArticleFactory(title="Pumping basics")
    response = client.get("/search/", {"q": "pumping", "page": page})
    assert response.status_code == 200
    assert ">Pumping basics</a>" in response.content.decode()


def test_no_results_suggest_the_consultant_finder_and_the_sections(client, site_settings):
    SectionFactory(title="Increasing Milk", slug="increasing-milk")
    html = client.get("/search/", {"q": "zzyzx"}).content.decode()
    assert "0 articles found" in html
    assert 'href="/consultants/"' in html
    assert 'href="/articles/increasing-milk/"' in html


def test_search_finds_references_by_author_and_title(client, site_settings):
    ReferenceFactory(key="jenner2002", authors="Jenner, C.\nFilshie, J.", title="Galactorrhoea following acupuncture")
    ReferenceFactory(key="other", authors="Smith, A.", title="Something else")
    html = client.get("/search/", {"q": "jenner"}).content.decode()
    assert "Matching references" in html
    assert 'href="/references/#jenner2002"' in html
    assert "#other" not in html
    assert 'href="/references/#jenner2002"' in client.get("/search/", {"q": "galactorrhoea"}).content.decode()


def test_search_shows_ten_matching_references_in_key_order_and_links_to_the_library_for_all(client, site_settings):
    for n in range(25):
        ReferenceFactory(key=f"kvist{2000 + (n * 7) % 25}", authors="Kvist, L.", title=f"Mastitis study {n}")

    html = client.get("/search/", {"q": "mastitis"}).content.decode()

    keys = re.findall(r'href="/references/#(kvist\d+)"', html)
    assert len(keys) == 10 and keys == sorted(keys)
    assert 'href="/references/?q=mastitis"' in html


def test_search_page_queries_do_not_grow_with_results(client, site_settings, django_assert_max_num_queries):
    for n in range(15):
        ArticleFactory(title=f"Pumping {n}")
    client.get("/search/", {"q": "pumping"})  # warm the cached site chrome
    with django_assert_max_num_queries(3):  # the article search (2 at most) and the reference search
        assert client.get("/search/", {"q": "pumping"}).status_code == 200


@pytest.mark.parametrize("query", ["c++ pumping", "pumping (night", "[pumping", "pumping.*", r"\d pumping"])
def test_punctuation_in_a_search_is_taken_literally(client, site_settings, query):
    ArticleFactory(title="Pumping basics", body=r"c++ pumping, pumping (night, [pumping, pumping.* and \d pumping.")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert ">Pumping basics</a>" in response.content.decode()


def test_a_search_matching_more_than_it_counts_says_more_than(client, site_settings, monkeypatch):
    from articles import search

    monkeypatch.setattr(search, "MAX_COUNTED", 2)
    for n in range(3):
        ArticleFactory(title=f"Pumping {n}")
    html = client.get("/search/", {"q": "pumping"}).content.decode()
    if search.uses_full_text_search():
        assert "More than 2 articles found for “pumping”" in html
    else:  # the fallback counts every match
        assert "3 articles found for “pumping”" in html
