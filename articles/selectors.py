"""Reads that shape what the article pages and lists show, as named rows rather than model instances."""

import functools
import json
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections
from django.utils import timezone

from articles.addresses import addresses
from articles.models import NOT_ON_PAGE, Article, Section, Status
from core.prepared import PreparedStatement, column_list, model_instance

# Lists stay short however many articles a section holds; the section page has them all, page by page.
ARTICLES_PER_SECTION_ON_LISTS = 8


class ArticleLink(NamedTuple):
    """A link to an article: what lists, related articles and previous/next need, without a model instance."""

    pk: int
    title: str
    url: str
    summary: str = ""

    def get_absolute_url(self):
        return self.url


class ReferenceListEntry(NamedTuple):
    """One item of an article's numbered reference list."""

    number: int
    occurrences: int
    entry_html: str  # the sanitised AMA entry stored when the reference was saved


@dataclass(frozen=True)
class ArticlePage:
    """Everything around an article's body on its page."""

    related: list[ArticleLink]
    previous: ArticleLink | None
    next: ArticleLink | None
    references: list[ReferenceListEntry]


class SectionWithArticles(NamedTuple):
    """A section as home and /articles/ list it: its first published articles, and whether it has more."""

    title: str
    slug: str
    url: str
    published_articles: list[ArticleLink]
    has_more_articles: bool

    def get_absolute_url(self):
        return self.url


class ReferenceLibraryEntry(NamedTuple):
    """A reference in the library: its key, its AMA entry and the published articles that cite it."""

    key: str
    formatted_html: str
    cited_in: list[ArticleLink]  # each to the reference's place in that article's list


def _published_params(connection, **params):
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return {"status": Status.PUBLISHED, "now": now, **params}


# A published article by its address, with the columns its page shows and its section's title and slug: one
# look-up of the section slug's unique index, then of article_slug_unique_in_section. Prepared (its plan took six
# times as long as its run) and read into an Article without a queryset, which took twice as long to build as to run.
_ARTICLE_FIELDS = [field for field in Article._meta.concrete_fields if field.name not in NOT_ON_PAGE]


@functools.lru_cache(maxsize=8)
def _article_statement(using):
    columns = column_list("a", _ARTICLE_FIELDS, using=using)
    return PreparedStatement(
        "published_article",
        f"""
        SELECT {columns}, s.title, s.slug
        FROM articles_article a JOIN articles_section s ON s.id = a.section_id
        WHERE s.slug = %(section_slug)s AND a.slug = %(slug)s AND a.status = %(status)s AND a.publish_at <= %(now)s""",  # noqa: S608 (names from code)
        section_slug="text",
        slug="text",
        status="text",
        now="timestamptz",
    )


def published_article(section_slug, article_slug):
    """The published article at ``/articles/<section_slug>/<article_slug>/`` with its section, or None.

    Read from the database the router picks for reads; ``article._state.db`` says which.
    """
    using = Article.objects.db
    params = _published_params(connections[using], section_slug=section_slug, slug=article_slug)
    rows = _article_statement(using).fetchall(params, using=using)
    if not rows:
        return None
    article = model_instance(Article, _ARTICLE_FIELDS, rows[0], using=using)
    section_title, section_slug = rows[0][len(_ARTICLE_FIELDS) :]
    article.section = Section.from_db(using, ["id", "title", "slug"], [article.section_id, section_title, section_slug])
    return article


# The published articles just before and after one in its section's reading order (order, title, id), each one
# index look-up (article_section_order), its published related articles and its numbered reference list, in one
# prepared statement (its plan took six times as long as its run): (kind, id or number, title or entry HTML,
# slug, summary, section slug, section order or occurrences, order).
_PAGE = PreparedStatement(
    "article_page",
    """
    SELECT * FROM (
        SELECT 1, id, title, slug, '', '', 0, 0 FROM articles_article
        WHERE section_id = %(section)s AND status = %(status)s AND publish_at <= %(now)s
          AND ("order", title, id) < (%(order)s, %(title)s, %(id)s)
        ORDER BY "order" DESC, title DESC, id DESC LIMIT 1
    ) AS previous
    UNION ALL SELECT * FROM (
        SELECT 2, id, title, slug, '', '', 0, 0 FROM articles_article
        WHERE section_id = %(section)s AND status = %(status)s AND publish_at <= %(now)s
          AND ("order", title, id) > (%(order)s, %(title)s, %(id)s)
        ORDER BY "order", title, id LIMIT 1
    ) AS following
    UNION ALL
    SELECT 3, a.id, a.title, a.slug, a.summary, s.slug, s."order", a."order"
    FROM articles_article_related r
    JOIN articles_article a ON a.id = r.to_article_id
    JOIN articles_section s ON s.id = a.section_id
    WHERE r.from_article_id = %(id)s AND a.status = %(status)s AND a.publish_at <= %(now)s
    UNION ALL
    SELECT 4, c.number, r.formatted_html, '', '', '', c.occurrences, 0
    FROM articles_citation c
    JOIN references_reference r ON r.id = c.reference_id
    WHERE c.article_id = %(id)s""",
    id="bigint",
    section="bigint",
    order="integer",
    title="text",
    status="text",
    now="timestamptz",
)
_PREVIOUS, _NEXT, _RELATED, _REFERENCE = 1, 2, 3, 4


def article_page(article, *, using="default") -> ArticlePage:
    """Return the related articles, previous/next in the section and the reference list of ``article``.

    One query whatever the size of the section or the list. A staff preview of an article that is not live has no
    place in the reading order: no previous or next.
    """
    params = _published_params(
        connections[using], id=article.pk, section=article.section_id, order=article.order, title=article.title
    )
    rows = _PAGE.fetchall(params, using=using)
    urls = addresses()
    section_slug = article.section.slug
    around = {
        kind: ArticleLink(pk, title, urls.article(section_slug, slug))
        for kind, pk, title, slug, *_ in rows
        if kind in (_PREVIOUS, _NEXT)
    }
    related = sorted((row for row in rows if row[0] == _RELATED), key=lambda row: (row[6], row[7], row[2], row[1]))
    references = sorted(
        ReferenceListEntry(number, occurrences, entry_html)
        for kind, number, entry_html, _slug, _summary, _section, occurrences, _order in rows
        if kind == _REFERENCE
    )
    live = article.is_live
    return ArticlePage(
        related=[
            ArticleLink(pk, title, urls.article(section, slug), summary)
            for _k, pk, title, slug, summary, section, *_ in related
        ],
        previous=around.get(_PREVIOUS) if live else None,
        next=around.get(_NEXT) if live else None,
        references=references,
    )


# The first ``limit`` published articles of every section in reading order, a few index entries per section
# (article_section_order). PostgreSQL joins each section to its own LIMIT (LATERAL); SQLite has no LATERAL but
# runs the correlated IN (...) once per section and reads those rows by primary key.
_FIRST_ARTICLES_SQL = {
    "postgresql": """
        SELECT s.title, s.slug, a.id, a.title, a.slug, a.summary
        FROM articles_section s
        CROSS JOIN LATERAL (
            SELECT id, title, slug, summary, "order" FROM articles_article
            WHERE section_id = s.id AND status = %(status)s AND publish_at <= %(now)s
            ORDER BY "order", title, id LIMIT %(limit)s
        ) a
        ORDER BY s."order", s.title, s.id, a."order", a.title, a.id""",
    "sqlite": """
        SELECT s.title, s.slug, a.id, a.title, a.slug, a.summary
        FROM articles_section s JOIN articles_article a ON a.id IN (
            SELECT id FROM articles_article
            WHERE section_id = s.id AND status = %(status)s AND publish_at <= %(now)s
            ORDER BY "order", title, id LIMIT %(limit)s
        )
        ORDER BY s."order", s.title, s.id, a."order", a.title, a.id""",
}


def sections_with_articles(per_section=ARTICLES_PER_SECTION_ON_LISTS, *, using="default"):
    """Sections that have published articles, each with its first ``per_section`` of them, in one query."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_FIRST_ARTICLES_SQL[connection.vendor], _published_params(connection, limit=per_section + 1))
        rows = cursor.fetchall()
    urls = addresses()
    sections = {}  # section slug -> (title, links), in the query's order
    for section_title, section_slug, pk, title, slug, summary in rows:
        links = sections.setdefault(section_slug, (section_title, []))[1]
        links.append(ArticleLink(pk, title, urls.article(section_slug, slug), summary))
    return [
        SectionWithArticles(title, slug, urls.section(slug), links[:per_section], len(links) > per_section)
        for slug, (title, links) in sections.items()
    ]


# A section by its slug (its unique index) with how many of its articles are published, counted from the
# article_section_published index alone: prepared, and read into a Section as the article is.
_SECTION_FIELDS = Section._meta.concrete_fields


@functools.lru_cache(maxsize=8)
def _section_statement(using):
    return PreparedStatement(
        "section_for_page",
        f"""
        SELECT {column_list("s", _SECTION_FIELDS, using=using)}, (
            SELECT COUNT(*) FROM articles_article a
            WHERE a.section_id = s.id AND a.status = %(status)s AND a.publish_at <= %(now)s
        )
        FROM articles_section s WHERE s.slug = %(slug)s""",  # noqa: S608 (names from code)
        slug="text",
        status="text",
        now="timestamptz",
    )


def section_for_page(slug):
    """The section with ``slug``, with ``published_count``: how many of its articles readers may see; or None."""
    using = Section.objects.db
    rows = _section_statement(using).fetchall(_published_params(connections[using], slug=slug), using=using)
    if not rows:
        return None
    section = model_instance(Section, _SECTION_FIELDS, rows[0], using=using)
    section.published_count = rows[0][len(_SECTION_FIELDS)]
    return section


# A page of a section's published articles in reading order, read from the article_section_order index; prepared
# on PostgreSQL, where planning took longer than reading the fifty rows.
_SECTION_ARTICLES = PreparedStatement(
    "section_articles",
    """
    SELECT id, title, slug, summary FROM articles_article
    WHERE section_id = %(section)s AND status = %(status)s AND publish_at <= %(now)s
    ORDER BY "order", title, id LIMIT %(limit)s OFFSET %(offset)s""",
    section="bigint",
    status="text",
    now="timestamptz",
    limit="integer",
    offset="integer",
)


class SectionArticles:
    """The published articles of a section in reading order, as a Paginator reads them: ``count()`` is the count
    read with the section (``published_count``), and a slice is one statement of (pk, title, slug, summary) rows."""

    def __init__(self, section, *, using="default"):
        self.section, self.using = section, using

    def count(self):
        return self.section.published_count

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        if stop <= start:  # an empty section's only page
            return []
        params = _published_params(connections[self.using], section=self.section.pk, limit=stop - start, offset=start)
        return _SECTION_ARTICLES.fetchall(params, using=self.using)


def article_links(section, rows):
    """``rows`` of ``SectionArticles`` as ArticleLinks."""
    urls = addresses()
    return [ArticleLink(pk, title, urls.article(section.slug, slug), summary) for pk, title, slug, summary in rows]


# The published articles citing some references, in one statement: the citations from citation_by_reference, each
# article by its primary key, and its section from the few sections read once into a hash table (a primary-key
# look-up per citation was a fifth of the statement's time on a page of 25 references cited 141 times). The ORM's
# form of the publish filter (article__in=published()) joined the articles table twice and took three times as
# long to build and run. Prepared on PostgreSQL, where planning took as long as running; the references come as an
# array there, and as a JSON list elsewhere (SQLite).
_CITED_IN_SQL = """
    WITH s AS {materialized} (SELECT id, "order", slug FROM articles_section)
    SELECT c.reference_id, c.number, a.id, a.title, a.slug, s.slug
    FROM articles_citation c
    JOIN articles_article a ON a.id = c.article_id
    JOIN s ON s.id = a.section_id
    WHERE c.reference_id {references} AND a.status = %(status)s AND a.publish_at <= %(now)s
    ORDER BY c.reference_id, s."order", a."order", a.title, a.id"""
_CITED_IN = PreparedStatement(
    "reference_library_cited_in",
    _CITED_IN_SQL.format(materialized="MATERIALIZED", references="= ANY(%(references)s)"),
    other_databases=_CITED_IN_SQL.format(
        materialized="", references="IN (SELECT value FROM json_each(%(references)s))"
    ),
    references="bigint[]",
    status="text",
    now="timestamptz",
)


def reference_library_entries(rows, *, using="default"):
    """``rows`` of (pk, key, formatted_html) with the published articles that cite each, in one query."""
    rows = list(rows)
    if not rows:
        return []
    connection = connections[using]
    references = [pk for pk, _key, _html in rows]
    if connection.vendor != "postgresql":
        references = json.dumps(references)
    citations = _CITED_IN.fetchall(_published_params(connection, references=references), using=using)
    urls = addresses()
    cited_in = {}
    for reference, number, pk, title, slug, section_slug in citations:
        url = f"{urls.article(section_slug, slug)}#ref-{number}"
        cited_in.setdefault(reference, []).append(ArticleLink(pk, title, url))
    return [ReferenceLibraryEntry(key, html, cited_in.get(pk, [])) for pk, key, html in rows]
