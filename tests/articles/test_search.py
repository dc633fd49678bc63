import re

import pytest
from django.db import connection

from articles import search
from articles.models import Article, Status
from articles.search import parse_query
from tests.factories import ArticleFactory


def search_articles(query, **options):
    return Article.objects.published().search(query, **options)


pytestmark = pytest.mark.django_db

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search (weights, websearch syntax, ts_headline): runs in the PostgreSQL leg of CI",
)


@pytest.fixture(params=["database", "fallback"])
def engine(request, monkeypatch):
    """Run a test through the database's own search and through the simple fallback (on every database)."""
    if request.param == "fallback":
        monkeypatch.setattr(search, "uses_full_text_search", lambda using="default": False)
    return request.param


def titles(page):
    return [article.title for article in page]


def test_parse_query_reads_phrases_exclusions_and_words():
    parsed = parse_query('"milk supply" -herbs pumping or -"fenugreek tea" the')
    assert parsed.required == ["milk supply", "pumping"]
    assert parsed.excluded == ["herbs", "fenugreek tea"]


def test_a_title_match_ranks_above_a_body_match(engine):
    ArticleFactory(title="Night-time routines", summary="Calm evenings.", body="Pumping at night helps some parents.")
    ArticleFactory(title="Pumping basics", summary="Getting started.", body="How to choose a flange.")
    assert titles(search_articles("pumping")) == ["Pumping basics", "Night-time routines"]


def test_feeding_finds_feed_and_feeds(engine):
    ArticleFactory(title="Topping up", summary="When to offer an extra feed.", body="Plain text.")
    ArticleFactory(title="Unrelated", summary="Sleep.", body="Nothing to see.")
    assert titles(search_articles("feeding")) == ["Topping up"]


def test_a_quoted_phrase_matches_only_the_words_together(engine):
    ArticleFactory(title="Low supply", summary="Signs.", body="Many parents have low milk supply at first.")
    ArticleFactory(title="Milk and more", summary="Other.", body="Milk is made on demand; supply follows removal.")
    assert titles(search_articles('"milk supply"')) == ["Low supply"]


def test_a_minus_word_excludes_articles(engine):
    ArticleFactory(title="Herbs for supply", summary="Galactagogues.", body="Fenugreek and other herbs.")
    ArticleFactory(title="Pumping for supply", summary="Pumps.", body="Double pumping raises supply.")
    assert titles(search_articles("supply -herbs")) == ["Pumping for supply"]


def test_snippets_mark_the_matched_words_and_escape_the_text(engine):
    ArticleFactory(title="Latch", summary="Latch & comfort <b>matter</b>.", body="A deep latch helps your baby drink.")
    snippet = str(search_articles("latch")[0].snippet)
    assert "<mark>" in snippet
    assert "latch</mark>" in snippet.lower()
    assert "&amp; comfort" in snippet
    assert "<b>" not in snippet


def test_drafts_and_scheduled_articles_are_never_found(engine):
    ArticleFactory(title="Draft about pumping", status=Status.DRAFT)
    assert titles(search_articles("pumping")) == []


def test_citation_numbers_are_not_searchable_text(engine):
    article = ArticleFactory(body="Acupuncture may help.", title="Needles")
    assert "Acupuncture may help." in article.body_text
    assert titles(search_articles("acupuncture")) == ["Needles"]


def test_stop_words_alone_find_nothing(engine):
    ArticleFactory(title="The basics")
    assert titles(search_articles("the")) == []


def test_results_are_paginated(engine):
    for n in range(3):
        ArticleFactory(title=f"Pumping {n}")
    page = search_articles("pumping", page=2, per_page=2)
    assert page.number == 2
    assert page.paginator.count == 3
    assert len(page) == 1


def test_a_page_past_the_end_shows_the_last_page(engine):
    for n in range(3):
        ArticleFactory(title=f"Pumping {n}")
    page = search_articles("pumping", page=7, per_page=2)
    assert page.number == 2
    assert titles(page) == ["Pumping 2"]
    assert search_articles("pumping", page="banana", per_page=2).number == 1
    assert search_articles("pumping", page="9" * 30, per_page=2).number == 2


def test_body_only_matches_come_after_title_and_summary_matches_by_title(engine):
    ArticleFactory(title="Zinc", summary="A mineral.", body="Some parents take zinc while pumping.")
    ArticleFactory(title="Alcohol", summary="A drink.", body="Pumping and dumping is rarely needed.")
    ArticleFactory(title="Night feeds", summary="Pumping at night.", body="Plain text.")
    ArticleFactory(title="Pumping basics", summary="Getting started.", body="Plain text.")
    assert titles(search_articles("pumping")) == ["Pumping basics", "Night feeds", "Alcohol", "Zinc"]


def test_a_search_of_only_left_out_words_finds_nothing(engine):
    ArticleFactory(title="Pumping basics")
    assert titles(search_articles("-herbs")) == []


@pytest.mark.parametrize(("query", "word"), [("domperidone", "Domperidone"), ("hormones", "Hormone")])
def test_the_snippet_shows_the_words_even_deep_in_a_long_body(engine, query, word):
    filler = " ".join(f"filler{n:04}{'x' * 30}" for n in range(400))  # long words: the passage cuts one in two
    ArticleFactory(title="Medicines", summary="Prescriptions.", body=f"{filler} {word} is prescribed. {filler}")
    snippet = str(search_articles(query)[0].snippet)
    assert f"<mark>{word}</mark>" in snippet
    words = set(f"Prescriptions. {filler} {word} is prescribed.".split())
    assert set(re.sub(r"</?mark>|…", " ", snippet).split()) <= words  # whole words, never the end of a cut one


def test_search_is_a_constant_number_of_queries(engine, django_assert_max_num_queries):
    for n in range(25):
        ArticleFactory(title=f"Pumping {n}")
    # PostgreSQL: one statement counts, pages and makes the snippets. The fallback: the count and the page.
    with django_assert_max_num_queries(2):
        page = search_articles("pumping")
        assert len([str(article.snippet) for article in page]) == 20
        assert page.paginator.count == 25


@requires_postgres
def test_postgres_keeps_the_search_vector_up_to_date_on_save():
    article = ArticleFactory(title="Sleep", summary="Rest.", body="Nothing here.")
    assert titles(search_articles("domperidone")) == []
    article.body = "Domperidone is sometimes prescribed."
    article.save()
    assert titles(search_articles("domperidone")) == ["Sleep"]


@requires_postgres
def test_postgres_weights_summary_above_body():
    ArticleFactory(title="One", summary="Plain.", body="Some words about galactagogues here.")
    ArticleFactory(title="Two", summary="All about galactagogues.", body="Plain text.")
    assert titles(search_articles("galactagogues")) == ["Two", "One"]


@requires_postgres
def test_postgres_websearch_or():
    ArticleFactory(title="Fenugreek", summary="Herb.", body="Text.")
    ArticleFactory(title="Domperidone", summary="Drug.", body="Text.")
    ArticleFactory(title="Sleep", summary="Rest.", body="Text.")
    assert sorted(titles(search_articles("fenugreek or domperidone"))) == ["Domperidone", "Fenugreek"]


@requires_postgres
def test_postgres_uses_the_gin_index_for_matching():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


@requires_postgres
def test_postgres_ranks_a_title_holding_more_of_the_search_higher():
    ArticleFactory(title="Something else", summary="Plain.", body="Milk supply rises with pumping.")
    ArticleFactory(title="Milk matters", summary="Plain.", body="Supply follows demand.")
    ArticleFactory(title="Your milk supply", summary="Plain.", body="Text.")
    assert titles(search_articles("milk supply")) == ["Your milk supply", "Milk matters", "Something else"]


@requires_postgres
def test_postgres_keeps_the_rank_up_to_date_on_save():
    ArticleFactory(title="Alpha", summary="Plain.", body="Domperidone is sometimes prescribed.")
    article = ArticleFactory(title="Beta", summary="Plain.", body="Domperidone again.")
    article.title = "Domperidone"
    article.save()
    assert titles(search_articles("domperidone")) == ["Domperidone", "Alpha"]


@requires_postgres
def test_postgres_orders_title_then_title_and_summary_then_some_then_body_matches_each_by_title():
    ArticleFactory(title="Milk matters", summary="Plain.", body="Supply follows demand.")
    ArticleFactory(title="Aardvarks", summary="Plain.", body="Milk supply again.")
    ArticleFactory(title="Apple milk", summary="How supply works.", body="Plain text.")
    ArticleFactory(title="Zinc and milk supply", summary="Plain.", body="Plain text.")
    ArticleFactory(title="Better milk supply", summary="Plain.", body="Plain text.")
    assert titles(search_articles("milk supply")) == [
        "Better milk supply",
        "Zinc and milk supply",
        "Apple milk",
        "Milk matters",  # its title holds one of the two words: before the body-only match
        "Aardvarks",
    ]


@requires_postgres
def test_postgres_left_out_words_exclude_title_and_summary_matches_too():
    ArticleFactory(title="Herbs and fenugreek", summary="Plain.", body="Plain text.")
    ArticleFactory(title="Herbs", summary="About fenugreek.", body="Plain text.")
    ArticleFactory(title="Herbal teas", summary="Herbs.", body="Fenugreek, again.")
    ArticleFactory(title="Other herbs", summary="Plain.", body="Plain text.")
    assert titles(search_articles("herbs -fenugreek")) == ["Other herbs"]


@requires_postgres
def test_postgres_counts_up_to_a_bound_and_keeps_its_pages(monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNTED", 4)
    for n in range(7):
        ArticleFactory(title=f"Pumping {n}")
    page = search_articles("pumping", per_page=2)
    assert (page.paginator.count, page.paginator.num_pages, page.more_than_counted) == (4, 2, True)
    last = search_articles("pumping", page=9, per_page=2)
    assert (last.number, titles(last)) == (2, ["Pumping 2", "Pumping 3"])
    assert not search_articles("pumping 6", per_page=2).more_than_counted


@requires_postgres
@pytest.mark.parametrize(("body_matches", "count", "more"), [(2, 3, False), (5, 4, True)])
def test_postgres_counts_body_matches_when_titles_and_summaries_hold_few(monkeypatch, body_matches, count, more):
    monkeypatch.setattr(search, "MAX_COUNTED", 4)
    ArticleFactory(title="Pumping", summary="Plain.", body="Plain text.")
    for n in range(body_matches):
        ArticleFactory(title=f"Note {n}", summary="Plain.", body="Pumping at night.")
    page = search_articles("pumping", per_page=2)
    assert (page.paginator.count, page.more_than_counted) == (count, more)
    assert titles(page) == ["Pumping", "Note 0"]


@requires_postgres
def test_postgres_snippets_of_title_and_summary_matches_are_the_summary():
    ArticleFactory(title="Pumping basics", summary="Getting started.", body="Pumping twice a day at first.")
    ArticleFactory(title="Flanges", summary="Pumping comfortably & well.", body="Plain text about pumping.")
    snippets = {article.title: str(article.snippet) for article in search_articles("pumping")}
    assert snippets == {
        "Pumping basics": "Getting started.",
        "Flanges": "<mark>Pumping</mark> comfortably &amp; well.",
    }


@requires_postgres
def test_postgres_highlights_the_summary_by_stem_and_keeps_it_up_to_date_on_save():
    article = ArticleFactory(title="Nights", summary="Plain.", body="Plain text about feeding.")
    article.summary = "Night feeds & naps, the feeding way."
    article.save()
    assert (
        str(search_articles("feeding")[0].snippet)
        == "Night <mark>feeds</mark> &amp; naps, the <mark>feeding</mark> way."
    )


@requires_postgres
def test_postgres_highlights_each_summary_of_a_page_by_its_own_words_whole_and_in_any_case():
    ArticleFactory(title="Feeds", summary="FEEDING, feedings and Feeds; nightly.", body="Plain.")
    ArticleFactory(title="Feeding at night", summary="Night-time, feeder.", body="Plain.")
    snippets = {article.title: str(article.snippet) for article in search_articles("feeding")}
    assert snippets == {
        "Feeds": "<mark>FEEDING</mark>, <mark>feedings</mark> and <mark>Feeds</mark>; nightly.",
        "Feeding at night": "Night-time, feeder.",
    }


@requires_postgres
def test_postgres_finds_phrases_through_the_index_that_only_the_body_holds():
    for n in range(3):
        ArticleFactory(title=f"Note {n}", summary="Plain.", body="Night feeds help.")
    ArticleFactory(title="Other", summary="Plain.", body="Feeds at night.")
    page = search_articles('"night feeds"')
    assert (page.paginator.count, titles(page)) == (3, ["Note 0", "Note 1", "Note 2"])
    assert "<mark>" in str(page[0].snippet)


@requires_postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"night feeds"', ["Cluster feeding sessions", "Evenings"]),  # two words: through the word pairs
        ('"feeds at night"', ["Dark hours"]),  # a stop word inside: through word positions
        ('"night feeds help"', ["Evenings"]),  # three words: through word positions
        ('feeds -"night feeds"', ["Dark hours"]),
        ('"night feeds" or zinc', ["Zinc", "Cluster feeding sessions", "Evenings"]),
    ],
)
def test_postgres_phrases_with_and_without_word_pairs(query, expected):
    ArticleFactory(title="Evenings", summary="Plain.", body="Night feeds help.")
    ArticleFactory(title="Cluster feeding sessions", summary="Many night feeds.", body="Plain text.")
    ArticleFactory(title="Dark hours", summary="Plain.", body="Feeds at night.")
    ArticleFactory(title="Zinc", summary="A mineral.", body="Plain text.")
    assert titles(search_articles(query)) == expected


@requires_postgres
def test_postgres_stores_the_search_vector_uncompressed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'articles_article'::regclass"
            " AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("e",)  # EXTERNAL: out of line, never compressed


@requires_postgres
def test_an_edit_goes_into_the_search_indexes_at_once_not_into_a_pending_list():
    """GIN's pending list would be read in full by every search until VACUUM merged it (migration 0013)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
            "WHERE am.amname = 'gin' AND c.relname LIKE 'article\\_%%'"
        )
        options = dict(cursor.fetchall())

    assert set(options) == {
        "article_search_vector_gin",
        "article_title_vector_gin",
        "article_rank_vector_gin",
        "article_search_pairs_gin",
        "article_rank_pairs_gin",
    }
    assert all(value == ["fastupdate=off"] for value in options.values()), options


@pytest.mark.parametrize("scope", ["all", "published", "in a section", "excluding one", "unfiltered"])
def test_search_keeps_to_the_articles_it_is_given(engine, scope):
    kept = ArticleFactory(title="Pumping basics")
    other = ArticleFactory(title="Pumping at work")
    ArticleFactory(title="Pumping draft", status=Status.DRAFT)
    articles = {
        "all": Article.objects.exclude(status=Status.DRAFT),
        "published": Article.objects.published(),
        "in a section": Article.objects.published().filter(section__slug=kept.section.slug),
        "excluding one": Article.objects.published().exclude(pk=other.pk),
        "unfiltered": Article.objects.exclude(pk__in=[]),  # a filter that keeps every row: no WHERE at all
    }[scope]
    expected = {
        "all": ["Pumping at work", "Pumping basics"],
        "published": ["Pumping at work", "Pumping basics"],
        "unfiltered": ["Pumping at work", "Pumping basics", "Pumping draft"],
    }.get(scope, ["Pumping basics"])
    assert titles(articles.search("pumping")) == expected


@requires_postgres
def test_postgres_highlights_summary_words_with_accents_and_leaves_summaries_without_the_words_plain():
    ArticleFactory(title="Café visits", summary="A café & a crèche, cafés too.", body="Plain.")
    ArticleFactory(title="Cafés near you", summary="Plain <words>.", body="Plain.")
    snippets = {article.title: str(article.snippet) for article in search_articles("café")}
    assert snippets == {
        "Café visits": "A <mark>café</mark> &amp; a crèche, <mark>cafés</mark> too.",
        "Cafés near you": "Plain &lt;words&gt;.",
    }


@requires_postgres
def test_postgres_word_pair_indexes_keep_small_statistics():
    """The planner reads them for every test of a quoted phrase (migration 0014)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relname IN ('article_search_pairs_gin', 'article_rank_pairs_gin')"
        )
        assert dict(cursor.fetchall()) == {"article_search_pairs_gin": 10, "article_rank_pairs_gin": 10}
