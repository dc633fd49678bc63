"""Site search forgives spelling: "Did you mean fenugreek?" from the site's own words, and snippets keep
headings apart from the text that follows them."""

import pytest

from articles.models import Article, SearchTerm
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HERBS = """Herbs have a long history.

## Commonly used herbs

### Fenugreek

Probably the best-known milk herb.
"""


@pytest.fixture
def articles(site_settings):
    ArticleFactory(title="Herbs for Milk Supply", body=HERBS)
    ArticleFactory(title="Acupuncture and Acupressure", body="Fine needles at chosen points.")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("fenugrek", "fenugreek"), ("acupunture", "acupuncture"), ("Fenugrek milk", "Fenugreek milk")],
)
def test_a_misspelt_search_suggests_the_sites_own_word(client, articles, typed, meant):
    content = client.get("/search/", {"q": typed}).content.decode()
    assert "0 articles found" in content
    assert f'Did you mean <a href="/search/?q={meant.replace(" ", "%20")}">{meant}</a>?' in content


def test_saving_an_article_keeps_its_title_summary_and_heading_words():
    ArticleFactory(title="Pumping Basics", summary="Flanges and timing.", body="## Power pumping\n\nText.")
    assert {"pumping", "basics", "flanges", "timing", "power"} <= set(SearchTerm.objects.values_list("word", flat=True))


def test_following_the_suggestion_finds_the_article(client, articles):
    content = client.get("/search/", {"q": "fenugreek"}).content.decode()
    assert "Herbs for Milk Supply" in content
    assert "Did you mean" not in content


def test_no_suggestion_when_nothing_is_close(client, articles):
    assert "Did you mean" not in client.get("/search/", {"q": "zzyzx"}).content.decode()


def test_a_correction_that_would_find_nothing_is_not_offered(client, articles):
    assert Article.objects.published().spelling_suggestion("fenugrek turnips") == ""


def test_drafts_lend_no_words(client, articles):
    ArticleFactory(title="Domperidone", status="draft")
    assert Article.objects.published().spelling_suggestion("domperidon") == ""


def test_snippets_keep_headings_apart_from_the_text(client, articles):
    content = " ".join(client.get("/search/", {"q": "probably"}).content.decode().split())  # as a browser shows it
    assert "Commonly used herbs. Fenugreek. <mark>Probably</mark> the best-known milk herb" in content
