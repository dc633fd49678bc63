"""Query budgets for every public page type: on an empty cache, and the same whatever the number of rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, PageFactory, ReferenceFactory, SectionFactory

pytestmark = pytest.mark.django_db

BUDGETS = {  # page -> queries with an empty cache (content generation + the page's own + site chrome)
    "home": 4,
    "sections": 4,
    "section": 5,
    "article": 5,
    "references": 6,
    "reference search": 6,
    "page": 4,
}


def make_site(size):
    section = SectionFactory(slug=f"section-of-{size}")
    references = ReferenceFactory.create_batch(size, authors="Kvist, L.")
    articles = [
        ArticleFactory(section=section, body=" ".join(f"[@{reference.key}]" for reference in references))
        for _ in range(size)
    ]
    articles[0].related.set(articles[1:4])
    PageFactory(slug=f"about-{size}")
    return {
        "home": "/",
        "sections": "/articles/",
        "section": section.get_absolute_url(),
        "article": articles[0].get_absolute_url(),
        "references": "/references/",
        "reference search": "/references/?q=kvist",
        "page": f"/about-{size}/",
    }


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_every_page_type_stays_within_its_budget_whatever_the_number_of_rows(client, site_settings):
    small = {name: count_queries(client, url) for name, url in make_site(4).items()}
    large = {name: count_queries(client, url) for name, url in make_site(40).items()}

    assert small == large
    assert all(small[name] <= budget for name, budget in BUDGETS.items()), small
