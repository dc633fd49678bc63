"""Query budgets of every public page type with the page cache off: what a reader meets when the page cache
cannot help (a new query string, or the first request after an edit).

Each page is asked for twice: the first request after an edit (empty cache: the content generation, the site
chrome and the page's own queries), then again (the site chrome kept for the generation). Both budgets hold
whether the site has 3 or 15 rows of each kind.
"""

import pytest
from django.core.cache import cache
from django.db import connection

from tests.consultants.factories import ListingFactory
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory, SectionFactory

pytestmark = pytest.mark.django_db

CHROME = 2  # site settings and the navigation, once per content generation
# page type -> queries of the page itself, after the one that reads the content generation
BUDGETS = {
    "home": 1,  # every section with its first articles
    "/articles/": 1,
    "section page": 2,  # the section with its count of published articles, the page of articles
    "article": 2,  # the article; its related and previous/next links and its reference list in one statement
    "/references/": 3,  # the count, the page, the articles citing them
    "reference search": 3,
    # the ranked and counted page with its snippets in one statement, matching references, a spelling suggestion
    # when no article matches (on PostgreSQL one statement finds the unknown words and their nearest terms; on
    # SQLite one finds the unknown words and one reads the terms); a quoted phrase first asks whether its words
    # pair up (PostgreSQL)
    "site search, words": 3,
    "site search, quoted phrase": 4,
    "site search, exclusion": 4,
    "site search, no match": 3 if connection.vendor == "postgresql" else 4,
    "about page": 1,
    "directory": 1,
    "directory search": 2,  # the language choices; the page with its counts, credentials and languages
    "consultant profile": 1,  # the listing with its credentials and languages
}


def make_site(size):
    section = SectionFactory(slug=f"section-of-{size}")
    references = ReferenceFactory.create_batch(size, authors="Kvist, L.", title="Milk supply after birth")
    articles = [
        ArticleFactory(
            section=section,
            title=f"Milk supply {n}",
            body="Pumping for milk supply. " + " ".join(f"[@{reference.key}]" for reference in references),
        )
        for n in range(size)
    ]
    articles[1].related.set(articles[2:5])
    PageFactory(slug=f"about-{size}")
    listings = [ListingFactory(slug=f"listing-{size}-{n}", credentials=["IBCLC", "RN"]) for n in range(size)]
    return {
        "home": "/",
        "/articles/": "/articles/",
        "section page": section.get_absolute_url(),
        "article": articles[1].get_absolute_url(),
        "/references/": "/references/",
        "reference search": "/references/?q=kvist",
        "site search, words": "/search/?q=milk+supply",
        "site search, quoted phrase": '/search/?q="milk+supply"',
        "site search, exclusion": "/search/?q=milk+-pumping",
        "site search, no match": "/search/?q=zzyzx",
        "about page": f"/about-{size}/",
        "directory": "/consultants/",
        "directory search": "/consultants/?place=02138&radius=50&unit=km",
        "consultant profile": listings[0].get_absolute_url(),
    }


@pytest.fixture
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.mark.parametrize("size", [3, 15])
def test_every_page_type_renders_within_its_query_budget(
    client, site_settings, page_cache_off, django_assert_max_num_queries, size
):
    for page, url in make_site(size).items():
        cache.clear()  # as after an edit: a new content generation, nothing cached for it
        with django_assert_max_num_queries(1 + CHROME + BUDGETS[page], info=f"{page}, first after an edit"):
            assert client.get(url).status_code == 200, page
        with django_assert_max_num_queries(1 + BUDGETS[page], info=page):
            assert client.get(url).status_code == 200, page
