"""Site search over published articles.

On PostgreSQL: full-text search with ``websearch`` syntax ("quoted phrases", -exclusions, or) on a stored, weighted
``search_vector`` (title A, summary B, body C, English stemming), with a ``title_vector`` and a ``rank_vector``
(title and summary) beside it. Results come in tiers, each in title order: articles whose title holds the search,
then those whose title and summary hold it, then those that match through the body. Every tier is read from an index
only as far as the page shown needs, and matches are counted up to MAX_COUNTED ("more than 100"), so a word found in
every article costs about what a rare one does. One statement counts, pages and makes the highlighted snippets of
the page shown.
On other databases (SQLite in development and tests): a simpler fallback behind the same function that
matches every word or phrase case-insensitively, strips common English endings, and puts title matches first.
"""

import difflib
import html
import json
import re
from dataclasses import dataclass, field
from functools import reduce
from math import ceil
from operator import or_
from typing import NamedTuple

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
)
from django.core.exceptions import FullResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Case, IntegerField, JSONField, Q, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.addresses import addresses

SEARCH_CONFIG = "english"
RESULTS_PER_PAGE = 20
SNIPPET_CHARS = 220
# ts_headline parses and stems every word it is given, so a snippet is made from this much of the body only,
# starting a little before the first place a searched word appears (plus the summary).
PASSAGE_CHARS = 600
PASSAGE_LEAD_CHARS = 120
# Larger page numbers are out of range for any search (and for PostgreSQL's OFFSET).
_MAX_PAGE = 1_000_000
# A search is counted up to this many matches; beyond, readers see "more than" this and its pages.
MAX_COUNTED = 100
# Private-use characters mark highlights inside the database's plain-text snippet; they never occur in
# editors' text, so the snippet can be escaped whole and the markers turned into <mark> afterwards.
_HIGHLIGHT_START, _HIGHLIGHT_STOP = "\ue000", "\ue001"

# Title counts most, then the summary, then the body (weights A > B > C).
SEARCH_VECTOR = (
    SearchVector("title", weight="A", config=SEARCH_CONFIG)
    + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
    + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
)
# The same title and summary without the body: a few hundred bytes that stay in the row, so ranking thousands of
# matches never reads their out-of-line search_vector.
RANK_VECTOR = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "summary", weight="B", config=SEARCH_CONFIG
)
TITLE_VECTOR = SearchVector("title", config=SEARCH_CONFIG)


def uses_full_text_search(using="default"):
    return connections[using].vendor == "postgresql"


# Each word of the summary (lower case) with its lexeme, as PostgreSQL's English configuration makes it; stop words
# have none. Stored at save time, so that a result's summary is highlighted without parsing it again per search.
SUMMARY_WORDS = RawSQL(
    "(SELECT coalesce(jsonb_object_agg(word, lexeme), '{}') FROM ("
    "  SELECT DISTINCT word, (tsvector_to_array(to_tsvector(%s::regconfig, word)))[1] AS lexeme"
    "  FROM regexp_split_to_table(lower(articles_article.summary), '[^[:alnum:]]+') AS word WHERE word <> ''"
    ") AS words WHERE lexeme IS NOT NULL)",
    [SEARCH_CONFIG],
    output_field=JSONField(),
)
# How the summary is cut into words to highlight them (the same cut as SUMMARY_WORDS).
_SUMMARY_WORD = re.compile(r"[^\W_]+")
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


def update_search_vectors(queryset):
    """Recompute the stored search, rank and title vectors and summary words of the articles in ``queryset``
    (PostgreSQL only)."""
    if uses_full_text_search(queryset.db):
        queryset.update(
            search_vector=SEARCH_VECTOR,
            rank_vector=RANK_VECTOR,
            title_vector=TITLE_VECTOR,
            summary_words=SUMMARY_WORDS,
        )


class SearchResult(NamedTuple):
    """An article on a page of search results: what the page shows of it, without a model instance."""

    pk: int
    title: str
    url: str
    section_title: str
    snippet: str  # safe HTML

    def get_absolute_url(self):
        return self.url


@dataclass(frozen=True)
class ParsedQuery:
    """A search as words and "phrases" that must all appear, and -words that must not."""

    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.required)


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# Words too common to narrow a substring search; PostgreSQL's English configuration drops these and more.
_STOP_WORDS = {"a", "an", "and", "are", "at", "be", "for", "i", "in", "is", "it", "my", "of", "on", "or", "the", "to"}


def parse_query(text):
    """Read ``text`` the way web search boxes do: "a phrase", -excluded, other words (an "or" is ignored)."""
    required, excluded = [], []
    for minus_phrase, phrase, minus_word, word in _TOKEN.findall(text or ""):
        value = " ".join(phrase.split()) if phrase else word.strip("-")
        if not value or (not phrase and value.lower() == "or"):
            continue
        (excluded if (minus_phrase or minus_word) else required).append(value)
    meaningful = [value for value in required if value.lower() not in _STOP_WORDS]
    return ParsedQuery(required=meaningful, excluded=excluded)


def search_page(articles, query, *, page=1, per_page=RESULTS_PER_PAGE):
    """Return a Page of SearchResult rows for the ``articles`` matching ``query``, best first (a page past the end
    gives the last).

    Each result's ``snippet`` is safe HTML of the best matching passage with the matched words in <mark>. A search
    of nothing but left-out words finds nothing.
    Called as ``Article.objects.published().search(query, page=...)``.
    """
    parsed = parse_query(query)
    if not parsed:
        return Paginator(articles.none(), per_page).get_page(page)
    if uses_full_text_search(articles.db):
        return _full_text_page(articles, query, parsed, page, per_page)
    articles = articles.select_related("section").defer(
        "body", "body_html", "toc", "search_vector", "rank_vector", "title_vector", "summary_words"
    )
    result_page = Paginator(_fallback_search(articles, parsed), per_page).get_page(page)
    result_page.object_list = [
        SearchResult(
            article.pk,
            article.title,
            article.get_absolute_url(),
            article.section.title,
            _fallback_snippet(f"{article.summary}\n{article.body_text}", parsed),
        )
        for article in result_page
    ]
    return result_page


def _full_text_page(articles, query, parsed, number, per_page):
    """One statement: the bounded count, then the page's articles in tier order with their snippets."""
    last_page = ceil(MAX_COUNTED / per_page)
    number = min(max(_page_number(number), 1), last_page)
    statement = _Statement(articles, query, parsed, pairs=_phrase_pairs(articles.db, query))
    sql, params = statement.page_sql(offset=(number - 1) * per_page, per_page=per_page)
    with connections[articles.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    count = rows[0][0] if rows else 0
    paginator = Paginator((), per_page)
    paginator.count = min(count, MAX_COUNTED)
    number = min(number, paginator.num_pages)  # past the end: the last page, as Paginator.get_page gives
    page = Page(_results([row[1:] for row in rows if row[1] is not None]), number, paginator)
    page.more_than_counted = count > MAX_COUNTED
    return page


# SQL functions of migration 0010: a tsvector with the pairs of adjacent words added as lexemes ("milk suppli"), and
# a tsquery with each phrase of two adjacent words made such a pair.
_TERMS_AND_PAIRS = "article_terms_and_pairs"
_PHRASE_PAIRS = "article_phrase_pairs"


def _phrase_pairs(db, query):
    """The search, and the search without its left-out words, with their phrases as word pairs; None if the search
    has no phrase, or a phrase that is not two adjacent words (three words, or a stop word inside)."""
    if '"' not in query:
        return None
    with connections[db].cursor() as cursor:
        cursor.execute(
            f"SELECT {_PHRASE_PAIRS}(websearch_to_tsquery(%s::regconfig, %s))::text,"
            f" {_PHRASE_PAIRS}(websearch_to_tsquery(%s::regconfig, %s))::text",
            [SEARCH_CONFIG, query, SEARCH_CONFIG, _positive_text(query)],
        )
        pairs = cursor.fetchone()
    return None if any("<" in text for text in pairs) else pairs


def _results(rows):
    """The SearchResult of each row of the page: (id, title, slug, summary, section title, section slug, headline,
    summary words, the tsquery of any searched word)."""
    if not rows:
        return []
    urls = addresses()
    lexemes = {lexeme.replace("''", "'") for lexeme in _LEXEME.findall(rows[0][8])}  # the same tsquery in every row
    # Each lexeme as a JSON string: a summary whose words' JSON holds none of them has no word to mark, unparsed.
    quoted = [json.dumps(lexeme, ensure_ascii=False) for lexeme in lexemes]
    # Where the title or summary holds the search (no headline), the summary is the snippet, with each word whose
    # lexeme the search holds in <mark>.
    found = [
        {word for word, lexeme in json.loads(summary_words).items() if lexeme in lexemes}
        if headline is None and summary_words and any(text in summary_words for text in quoted)
        else set()
        for *_, headline, summary_words, _query in rows
    ]
    marker = _WordMarker(set().union(*found))
    results = []
    for row, words in zip(rows, found, strict=True):
        pk, title, slug, summary, section_title, section_slug, headline = row[:7]
        snippet = _marked(headline) if headline is not None else marker.marked(summary, words)
        results.append(SearchResult(pk, title, urls.article(section_slug, slug), section_title, snippet))
    return results


class _WordMarker:
    """Puts <mark> around the words of a text that are (lower-cased) in a set, the words cut as SUMMARY_WORDS cuts
    them. One pattern of every word to mark on a page finds the candidates, so a summary is not cut into all its
    words in Python; each candidate is then checked against the words to mark in that text.
    """

    def __init__(self, words):
        alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        self._pattern = words and re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)

    def marked(self, text, words):
        """``text`` as safe HTML with each of its ``words`` in <mark>."""
        if not words:
            return SafeString(html.escape(text))
        if not all(word.isascii() for word in words):  # lower() may change a non-ASCII word's length: cut it all
            return _marked(_SUMMARY_WORD.sub(lambda match: _mark_if(match, words), text))
        return _marked(self._pattern.sub(lambda match: _mark_if(match, words), text))


def _mark_if(match, words):
    word = match.group(0)
    return f"{_HIGHLIGHT_START}{word}{_HIGHLIGHT_STOP}" if word.lower() in words else word


class _Statement:
    """The SQL of a full-text search page, written out so that each tsquery is a constant the planner can see.

    Tiers, each in title order: articles whose title holds the search, then those whose title and summary hold it,
    then those that match through the body (of a search of several words or phrases, first those whose title or
    summary holds some of them). Title and summary matches imply the whole search matches, unless some
    words are left out. Each tier is read only as far as the page needs: a common word's first page and count come
    from the first entries of the covering title index, a rare word's from the GIN indexes. PostgreSQL runs the
    parts of a UNION ALL one after the other and stops at the LIMIT; the count's second part, through the body,
    runs only when titles and summaries hold no more than MAX_COUNTED matches.
    """

    def __init__(self, articles, query, parsed, *, pairs=None):
        self.base_sql, self.base_params = _base_sql(articles)
        self.parsed = parsed
        self.match = "websearch_to_tsquery(%s::regconfig, %s)", [SEARCH_CONFIG, query]
        self.positive = "websearch_to_tsquery(%s::regconfig, %s)", [SEARCH_CONFIG, _positive_text(query)]
        # With its phrases as word pairs (see phrase_pairs), a search is answered by the pair indexes.
        self.pairs = pairs and tuple(("%s::tsquery", [text]) for text in pairs)

    def _from(self, condition, params):
        return f"FROM ({self.base_sql}) AS a WHERE {condition}", [*self.base_params, *params]

    def _held(self, vector):
        """``vector`` holds the search (and the article leaves out the left-out words)."""
        if self.pairs and vector == "rank_vector":
            sql, params = _test(f"{_TERMS_AND_PAIRS}(a.rank_vector)", self.pairs[1])
        else:
            sql, params = _test(f"a.{vector}", self.positive)
        return _and((sql, params), self._matches()) if self.parsed.excluded else (sql, params)

    def _matches(self):
        if self.pairs:
            return _test(f"{_TERMS_AND_PAIRS}(a.search_vector)", self.pairs[0])
        return _test("a.search_vector", self.match)

    def _not(self, vector):
        sql, params = _test(f"a.{vector}", self.positive)
        return f"({sql}) IS NOT TRUE", params

    def _bounded_count(self, condition, params, *, order=""):
        sql, params = self._from(condition, params)
        limited = f"SELECT 1 {sql} {order} LIMIT {MAX_COUNTED + 1}"
        return f"(SELECT count(*) FROM ({limited}) AS counted)", params  # noqa: S608

    def page_sql(self, *, offset, per_page):
        # Titles and summaries in title order, so that a common search is counted from the covering title index
        # alone; all matches in any order, so that a scan of the body matches stops at the limit.
        held_sql, held_params = self._bounded_count(*self._held("rank_vector"), order="ORDER BY a.title, a.id")
        all_sql, all_params = self._bounded_count(*self._matches())
        tiers = [
            self._held("title_vector"),
            _and(self._held("rank_vector"), self._not("title_vector")),
            _and(self._matches(), self._not("rank_vector")),
        ]
        if len(self.parsed.required) > 1:
            # Of the body matches, those whose title or summary holds some of the searched words come first.
            some_sql, some_params = _any_sql(self.parsed.required)
            some = f"a.rank_vector @@ ({some_sql})"
            tiers[2:] = [
                _and(self._matches(), self._not("rank_vector"), (some, some_params)),
                _and(self._matches(), (f"({some}) IS NOT TRUE", some_params)),
            ]
        parts, part_params = [], []
        for condition, params in tiers:
            sql, params = self._from(condition, params)
            parts.append(f"(SELECT a.id {sql} ORDER BY a.title, a.id LIMIT {offset + per_page})")
            part_params += params
        headline_sql, headline_params = self._headline()
        any_sql, any_params = _any_sql(self.parsed.required)
        sql = f"""
            WITH held AS ({held_sql}),
            counted AS (SELECT CASE WHEN n > {MAX_COUNTED} THEN n ELSE {all_sql} END AS n FROM held AS h(n)),
            page AS MATERIALIZED (
                SELECT id, row_number() OVER () AS position FROM ({" UNION ALL ".join(parts)}) AS tiers
                LIMIT {per_page}
                OFFSET (SELECT LEAST({offset}, GREATEST(LEAST(n, {MAX_COUNTED}) - 1, 0) / {per_page} * {per_page})
                        FROM counted)
            )
            SELECT counted.n, a.id, a.title, a.slug, a.summary, s.title, s.slug, {headline_sql},
                a.summary_words, ({any_sql})::text
            FROM counted
            LEFT JOIN (page JOIN articles_article AS a ON a.id = page.id JOIN articles_section AS s
                       ON s.id = a.section_id) ON TRUE
            ORDER BY page.position
        """  # noqa: S608 - the SQL is this module's own and Django's; the search is a parameter
        return sql, [*held_params, *all_params, *part_params, *headline_params, *any_params]

    def _headline(self):
        """NULL when the title or summary holds one of the searched words (the summary is then the snippet, see
        _results); otherwise the best fragments of the summary and a passage of the body.

        Any, not all: the text may hold only some of the words, and ts_headline highlights nothing without a match.
        """
        any_sql, any_params = _any_sql(self.parsed.required)
        options = (
            f"StartSel={_HIGHLIGHT_START}, StopSel={_HIGHLIGHT_STOP}, MaxWords=35, MinWords=15, MaxFragments=2, "
            'FragmentDelimiter=" … "'
        )
        pattern = r"\m(?:" + "|".join(map(_regex_literal, _word_starts(self.parsed.required))) + ")"
        # The passage starts a little before the first word that starts like a searched one; its first and last
        # words, which the cut may have split, are dropped (the spaces around the body keep its own whole).
        passage = (
            "regexp_replace(substr(' ' || a.body_text || ' ', "
            f"GREATEST(regexp_instr(a.body_text, %s, 1, 1, 0, 'i') - {PASSAGE_LEAD_CHARS}, 1), {PASSAGE_CHARS}),"
            r" '^\S*\s+|\s+\S*$', '', 'g')"
        )
        sql = (
            f"CASE WHEN a.rank_vector @@ ({any_sql}) THEN NULL"
            f" ELSE ts_headline(%s::regconfig, a.summary || E'\\n' || {passage}, {any_sql}, %s) END"
        )
        return sql, [*any_params, SEARCH_CONFIG, pattern, *any_params, options]


_BASE_COLUMNS = ("id", "title", "title_vector", "rank_vector", "search_vector")


def _base_sql(articles):
    """The SELECT of the columns the statement reads from the ``articles``, as (sql, params).

    A queryset that only filters the article table (``published()``) has just its WHERE clause compiled, a quarter
    of the time Django takes to compile the whole SELECT on every search; any other goes through Django whole.
    """
    query = articles.query
    table = articles.model._meta.db_table
    if set(query.alias_map) <= {table} and not (
        query.annotations or query.extra or query.distinct or query.is_sliced or query.combinator or query.group_by
    ):
        try:
            where, params = query.get_compiler(articles.db).compile(query.where)
        except FullResultSet:  # no filter, or one that keeps every row
            where, params = "", []
        quote = connections[articles.db].ops.quote_name
        columns = ", ".join(f"{quote(table)}.{quote(column)} AS {quote(column)}" for column in _BASE_COLUMNS)
        select = f"SELECT {columns} FROM {quote(table)}"  # noqa: S608 - names from the model, the filter Django's
        return select + (f" WHERE {where}" if where else ""), list(params)
    return articles.order_by().values(*_BASE_COLUMNS).query.sql_with_params()


def _any_sql(values):
    """A tsquery (sql, params) matching any of the words or phrases."""
    sql = " || ".join(["phraseto_tsquery(%s::regconfig, %s)"] * len(values))
    return sql, [param for value in values for param in (SEARCH_CONFIG, value)]


def _test(vector, query):
    """``vector @@ query``, with ``query`` as (sql, params)."""
    return f"{vector} @@ {query[0]}", query[1]


def _and(*conditions):
    return " AND ".join(sql for sql, _ in conditions), [param for _, params in conditions for param in params]


def _positive_text(query):
    """The search without its -left-out words and phrases: what a title or summary must hold."""
    kept = []
    for minus_phrase, phrase, minus_word, word in _TOKEN.findall(query or ""):
        if minus_phrase or minus_word:
            continue
        kept.append(f'"{phrase}"' if phrase else word)
    return " ".join(kept)


def _page_number(number):
    """``number`` as an int, or 1 if it is not one (as Paginator.get_page reads it)."""
    try:
        return min(int(number), _MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _any_of(values):
    """A tsquery matching any of the words or phrases."""
    return reduce(or_, (SearchQuery(value, config=SEARCH_CONFIG, search_type="phrase") for value in values))


_WORD_ENDINGS = ("ers", "er", "ing", "ies", "ied", "ed", "es", "s", "ly", "al")


def _word_starts(values):
    """How words that stem like ``values`` may start: each word and phrase, and each word less a common ending.

    Starts of three letters or fewer are left out when there are others ("not" would stop at "nothing").
    """
    starts = set()
    for value in (value.lower() for value in values):
        starts.add(value)
        ending = next((end for end in _WORD_ENDINGS if value.endswith(end) and len(value) - len(end) > 3), "")
        if ending and " " not in value:
            starts.add(value[: -len(ending)])
    return sorted({start for start in starts if len(start) > 3} or starts)


def _regex_literal(text):
    """``text`` as a PostgreSQL regular expression that matches it literally (a backslash before all but letters)."""
    return "".join(char if char.isalnum() else f"\\{char}" for char in text)


def _fallback_search(articles, parsed):
    if not parsed:
        return articles.none()
    for value in parsed.required:
        articles = articles.filter(_anywhere(_match_form(value)))
    for value in parsed.excluded:
        articles = articles.exclude(_anywhere(value))
    in_title = reduce(or_, (Q(title__icontains=_match_form(value)) for value in parsed.required))
    in_summary = reduce(or_, (Q(summary__icontains=_match_form(value)) for value in parsed.required))
    return articles.annotate(
        rank=Case(When(in_title, then=2), When(in_summary, then=1), default=0, output_field=IntegerField())
    ).order_by("-rank", "title", "pk")


def _anywhere(value):
    return Q(title__icontains=value) | Q(summary__icontains=value) | Q(body_text__icontains=value)


_ENDINGS = ("ing", "ies", "ed", "es", "s")


def _match_form(value):
    """A single word without a common English ending ("feeding" -> "feed"); phrases stay as they are."""
    if " " in value:
        return value
    for ending in _ENDINGS:
        if value.lower().endswith(ending) and len(value) - len(ending) >= 3:
            return value[: -len(ending)]
    return value


def _marked(headline):
    """``headline`` as safe HTML, its highlight markers made <mark> (html.escape: Django's escape without its lazy
    wrapper, which took a tenth of the time of a page of results)."""
    text = html.escape(headline.strip())
    return SafeString(text.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>"))


def _fallback_snippet(text, parsed):
    forms = [_match_form(value) for value in parsed.required]
    if not forms:
        return escape(text[:SNIPPET_CHARS])
    pattern = re.compile("|".join(rf"{re.escape(form)}\w*" for form in forms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + SNIPPET_CHARS
    if end < len(text):  # stop after a whole word
        last_space = max(text.rfind(" ", start, end + 1), text.rfind("\n", start, end + 1))
        end = last_space if last_space > start else end
    excerpt = " ".join(text[start:end].split())
    highlighted = pattern.sub(lambda m: f"{_HIGHLIGHT_START}{m.group(0)}{_HIGHLIGHT_STOP}", excerpt)
    html = escape(("… " if start else "") + highlighted + (" …" if end < len(text) else ""))
    return mark_safe(html.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>"))  # noqa: S308


# -- "Did you mean ...?" for searches that find nothing

# Words shorter than this are left alone: too many real words are one letter from each other.
_SUGGEST_MIN_LENGTH = 4
_TERM_MAX_LENGTH = 60
# difflib's ratio a known word must reach (PostgreSQL uses pg_trgm's own threshold through its % operator).
_SUGGEST_RATIO = 0.8
_WORD = re.compile(r"[^\W\d_]+")


def vocabulary(articles):
    """The distinct lower-case words of the ``articles``' titles, summaries and headings, for suggestions."""
    words = set()
    for article in articles:
        texts = [article.title, article.summary, *_headings(article.toc or [])]
        words.update(word.lower() for text in texts for word in _WORD.findall(text or ""))
    return sorted(word for word in words if _SUGGEST_MIN_LENGTH <= len(word) <= _TERM_MAX_LENGTH)


def spelling_suggestion(articles, query, *, terms):
    """``query`` with misspelt words replaced by the nearest known ``terms`` ("fenugrek" -> "fenugreek"), when
    that finds some of the ``articles``; "" when every word is known, nothing is close, or it finds nothing.

    PostgreSQL finds the nearest word with pg_trgm's trigram similarity and index; other databases with difflib.
    """
    words = {word.lower() for word in _WORD.findall(query or "") if len(word) >= _SUGGEST_MIN_LENGTH}
    if not words:
        return ""
    if uses_full_text_search(terms.db):
        changed = _nearest_to_unknown_words(terms, words)
        if not changed:  # every word is known
            return ""
    elif not (unknown := words - set(terms.filter(word__in=words).values_list("word", flat=True))):
        return ""
    else:
        known = list(terms.values_list("word", flat=True))
        changed = {word: next(iter(difflib.get_close_matches(word, known, n=1, cutoff=_SUGGEST_RATIO)), "")
                   for word in unknown}  # fmt: skip
    changed = {word: better for word, better in changed.items() if better}
    if not changed:
        return ""

    def corrected(match):
        word = match.group(0)
        better = changed.get(word.lower(), word)
        return better.capitalize() if word[:1].isupper() and better != word else better

    suggestion = _WORD.sub(corrected, query)
    return suggestion if search_page(articles, suggestion, per_page=1).paginator.count else ""


def _nearest_to_unknown_words(terms, words):
    """{word: the nearest of all ``terms`` by trigrams, or None} for each of the ``words`` that is not a term: in one
    statement, rather than one to find the unknown words and one for each of them."""
    # The terms as their queryset selects them (a plain subquery, which PostgreSQL flattens: the table's indexes
    # still answer both look-ups).
    source, source_params = terms.order_by().values("word").query.sql_with_params()
    sql = f"""
        SELECT w.word, (SELECT t.word FROM ({source}) AS t WHERE t.word %% w.word
                        ORDER BY similarity(t.word, w.word) DESC, t.word LIMIT 1)
        FROM unnest(%s::text[]) AS w(word)
        WHERE NOT EXISTS (SELECT 1 FROM ({source}) AS t WHERE t.word = w.word)
    """  # noqa: S608 - the subquery is Django's; the words are a parameter
    with connections[terms.db].cursor() as cursor:
        cursor.execute(sql, [*source_params, sorted(words), *source_params])
        return dict(cursor.fetchall())


def _headings(entries):
    for entry in entries:
        yield entry["title"]
        yield from _headings(entry.get("children", []))
