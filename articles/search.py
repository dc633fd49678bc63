"""Site search over published articles.

On PostgreSQL: full-text search with ``websearch`` syntax ("quoted phrases", -exclusions, or) on a stored, weighted
``search_vector`` (title A, summary B, body C, English stemming), matched through its GIN index. Matches are ranked by
a small ``rank_vector`` of the title and summary alone, so titles that hold the search come first, then summaries,
then articles that match in the body only, by title; one pass over the matches ranks and counts them, and
highlighted snippets are made for the page shown only.
On other databases (SQLite in development and tests): a simpler fallback behind the same function that
matches every word or phrase case-insensitively, strips common English endings, and puts title matches first.
"""

import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from math import ceil
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, Greatest, Length, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "english"
RESULTS_PER_PAGE = 20
SNIPPET_CHARS = 220
# ts_headline parses and stems every word it is given, so a snippet is made from this much of the body only,
# starting a little before the first place a searched word appears (plus the summary).
PASSAGE_CHARS = 600
PASSAGE_LEAD_CHARS = 120
# Larger page numbers are out of range for any search (and for PostgreSQL's OFFSET).
_MAX_PAGE = 1_000_000
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


def uses_full_text_search(using="default"):
    return connections[using].vendor == "postgresql"


def update_search_vectors(queryset):
    """Recompute the stored search and rank vectors of the articles in ``queryset`` (PostgreSQL only)."""
    if uses_full_text_search(queryset.db):
        queryset.update(search_vector=SEARCH_VECTOR, rank_vector=RANK_VECTOR)


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
    """Return a Page of the ``articles`` matching ``query``, best first (a page past the end gives the last).

    Each article on the page has ``section`` loaded and a ``snippet``: safe HTML of the best matching passage with
    the matched words in <mark>. A search of nothing but left-out words finds nothing.
    Called as ``Article.objects.published().search(query, page=...)``.
    """
    articles = articles.select_related("section").defer("body", "body_html", "toc", "search_vector", "rank_vector")
    parsed = parse_query(query)
    if not parsed:
        return Paginator(articles.none(), per_page).get_page(page)
    if uses_full_text_search(articles.db):
        return _full_text_page(articles, query, parsed, page, per_page)
    result_page = Paginator(_fallback_search(articles, parsed), per_page).get_page(page)
    for article in result_page:
        article.snippet = _fallback_snippet(f"{article.summary}\n{article.body_text}", parsed)
    return result_page


def _full_text_page(articles, query, parsed, number, per_page):
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    matches = articles.filter(search_vector=search_query).order_by()
    rank = SearchRank(F("rank_vector"), _any_of(parsed.required))
    number = _page_number(number)
    with _matching_through_the_index(articles.db):
        rows = _ranked_page(matches, rank, number, per_page) if 1 <= number <= _MAX_PAGE else []
        if not rows and number != 1:  # out of range: the last page, as Paginator.get_page gives
            number = max(ceil(matches.count() / per_page), 1)
            rows = _ranked_page(matches, rank, number, per_page)
        ids = [pk for pk, _ in rows]
        # Snippets are made for this page's articles only: ts_headline is the costliest step per article.
        shown = (
            articles.defer("body_text")
            .filter(pk__in=ids)
            .annotate(headline=_headline(parsed))
            .order_by()  # put in rank order below
        )
        by_id = {article.pk: article for article in shown}
    page_articles = [by_id[pk] for pk in ids if pk in by_id]  # one unpublished in between is left out
    for article in page_articles:
        article.snippet = _marked(article.headline)
    paginator = Paginator((), per_page)
    paginator.count = rows[0][1] if rows else 0  # counted with the ranking
    return Page(page_articles, number, paginator)


def _ranked_page(matches, rank, number, per_page):
    """Return (id, number of matches) for page ``number`` of ``matches`` best first: one pass ranks and counts.

    The ranks are computed inside a subquery (OFFSET 0 keeps PostgreSQL from merging it), so COUNT(*) OVER ()
    buffers an id, title and rank per match instead of the rows and their rank vectors.
    """
    ranked = matches.annotate(rank=rank).values("pk", "title", "rank")
    sql, params = ranked.query.get_compiler(using=matches.db).as_sql()
    with connections[matches.db].cursor() as cursor:
        cursor.execute(
            f"SELECT pk, COUNT(*) OVER () FROM ({sql} OFFSET 0) AS ranked"  # noqa: S608 - SQL compiled by Django
            " ORDER BY rank DESC, title, pk LIMIT %s OFFSET %s",
            [*params, per_page, (number - 1) * per_page],
        )
        return cursor.fetchall()


def _page_number(number):
    """``number`` as an int, or 1 if it is not one (as Paginator.get_page reads it)."""
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1


def _any_of(values):
    """A tsquery matching any of the words or phrases: a title holding more of the search ranks higher."""
    return reduce(or_, (SearchQuery(value, config=SEARCH_CONFIG, search_type="phrase") for value in values))


@contextmanager
def _matching_through_the_index(using):
    """Inside this block PostgreSQL finds matches through the GIN index, never by reading every search vector.

    For a search that matches most articles the planner prefers a sequential scan that tests each row's vector,
    pricing that test as cheap; but each vector (about 5 KB) is stored out of line and must be fetched first, which
    makes such searches far slower than the index. SET LOCAL needs a transaction and is undone at its end.
    """
    with transaction.atomic(using=using, savepoint=False), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")  # for the rest of a caller's own transaction


def _headline(parsed):
    """The best fragments of the summary and the passage, with any searched word or phrase highlighted.

    Any, not all: the passage may hold only some of the words, and ts_headline highlights nothing without a match.
    """
    return SearchHeadline(
        Concat("summary", Value("\n"), _passage(parsed), output_field=TextField()),
        _any_of(parsed.required),
        config=SEARCH_CONFIG,
        start_sel=_HIGHLIGHT_START,
        stop_sel=_HIGHLIGHT_STOP,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _passage(parsed):
    """About PASSAGE_CHARS of the body from a little before the first word that starts like a searched one."""
    # The text before the first match (NULL if none): a regular expression anchored at word starts.
    pattern = r"(?i)^(.*?)\m(?:" + "|".join(map(_regex_literal, _word_starts(parsed.required))) + ")"
    before = Func(F("body_text"), Value(pattern), function="substring", arg_joiner=" FROM ", output_field=TextField())
    start = Greatest(Coalesce(Length(before), Value(0)) + Value(1 - PASSAGE_LEAD_CHARS), Value(1))
    # Drop the first and last words, which the cut may have split; the spaces added around the body keep its own
    # first and last words whole.
    cut = Substr(Concat(Value(" "), "body_text", Value(" "), output_field=TextField()), start, PASSAGE_CHARS)
    return Func(
        cut, Value(r"^\S*\s+|\s+\S*$"), Value(""), Value("g"), function="regexp_replace", output_field=TextField()
    )


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
    text = escape(headline.strip())
    return mark_safe(text.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>"))  # noqa: S308


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
    unknown = words - set(terms.filter(word__in=words).values_list("word", flat=True))
    if not unknown:
        return ""
    if uses_full_text_search(terms.db):
        changed = {word: _nearest_by_trigrams(terms, word) for word in sorted(unknown)}
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


def _nearest_by_trigrams(terms, word):
    nearest = (
        terms.filter(word__trigram_similar=word)
        .annotate(similarity=TrigramSimilarity("word", word))
        .order_by("-similarity", "word")
        .values_list("word", flat=True)
        .first()
    )
    return nearest or ""


def _headings(entries):
    for entry in entries:
        yield entry["title"]
        yield from _headings(entry.get("children", []))
