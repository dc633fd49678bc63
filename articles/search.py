"""Site search over published articles.

On PostgreSQL: full-text search on a stored, weighted ``search_vector`` (title A, summary B, body C, English
stemming) with ``websearch`` syntax ("quoted phrases", -exclusions, or), ranked, with highlighted snippets.
On other databases (SQLite in development and tests): a simpler fallback behind the same function that
matches every word or phrase case-insensitively, strips common English endings, and puts title matches first.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "english"
RESULTS_PER_PAGE = 20
SNIPPET_CHARS = 220
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


def search_articles(query, *, page=1, per_page=RESULTS_PER_PAGE):
    """Return a Page of published articles matching ``query``, best first.

    Each article on the page has ``section`` loaded and a ``snippet``: safe HTML of the best matching
    passage with the matched words in <mark>.
    """
    from articles.models import Article

    articles = Article.objects.published().select_related("section").defer("body", "body_html", "toc")
    if uses_full_text_search(articles.db):
        found = _full_text_search(articles, query)
    else:
        found = _fallback_search(articles, parse_query(query))
    result_page = Paginator(found, per_page).get_page(page)
    for article in result_page:
        article.snippet = _snippet(article, query)
    return result_page


def _full_text_search(articles, query):
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return (
        articles.defer("body_text", "search_vector", "rank_vector")
        .filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                Concat("summary", Value("\n"), "body_text", output_field=TextField()),
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_HIGHLIGHT_START,
                stop_sel=_HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "title", "pk")
    )


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


def _snippet(article, query):
    headline = getattr(article, "headline", None)
    if headline is not None:
        text = escape(headline.strip())
        return mark_safe(text.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>"))  # noqa: S308
    return _fallback_snippet(f"{article.summary}\n{article.body_text}", parse_query(query))


def _fallback_snippet(text, parsed):
    forms = [_match_form(value) for value in parsed.required]
    if not forms:
        return escape(text[:SNIPPET_CHARS])
    pattern = re.compile("|".join(rf"{re.escape(form)}\w*" for form in forms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    excerpt = " ".join(text[start : start + SNIPPET_CHARS].split())
    highlighted = pattern.sub(lambda m: f"{_HIGHLIGHT_START}{m.group(0)}{_HIGHLIGHT_STOP}", excerpt)
    html = escape(("… " if start else "") + highlighted + (" …" if start + SNIPPET_CHARS < len(text) else ""))
    return mark_safe(html.replace(_HIGHLIGHT_START, "<mark>").replace(_HIGHLIGHT_STOP, "</mark>"))  # noqa: S308
