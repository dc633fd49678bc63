"""Reads that shape what the article pages and lists show, as named rows rather than model instances."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import CharField, F, Prefetch, TextField, Value
from django.urls import reverse

from articles.models import Article, Citation, Section
from pagecache.generation import remember

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


_RELATED, _IN_SECTION = "related", "in-section"
_LINK_COLUMNS = ("group", "pk", "section_order", "order", "title", "slug", "summary_text", "section_slug")


class _LinkRow(NamedTuple):
    group: str
    pk: int
    section_order: int
    order: int
    title: str
    slug: str
    summary_text: str
    section_slug: str

    @property
    def reading_position(self):
        return (self.section_order, self.order, self.title, self.pk)

    def link(self, *, with_summary=False):
        url = reverse("articles:article", kwargs={"section_slug": self.section_slug, "article_slug": self.slug})
        return ArticleLink(pk=self.pk, title=self.title, url=url, summary=self.summary_text if with_summary else "")


def article_page(article, *, request=None) -> ArticlePage:
    """Return the related articles, previous/next in the section and the reference list of ``article``.

    The section's reading order is shared by all its articles, so it is remembered until content changes
    (``pagecache.generation.remember``); when it is not yet, it comes in the same query as the related articles.
    """
    related_rows = None  # read with the reading order when that is not remembered yet

    def read_reading_order():
        nonlocal related_rows
        rows = [_LinkRow(*row) for row in _related(article).union(_in_section(article.section_id), all=True)]
        related_rows = [row for row in rows if row.group == _RELATED]
        in_section = sorted((row for row in rows if row.group == _IN_SECTION), key=lambda row: row.reading_position)
        return [row.link() for row in in_section]

    reading_order = remember(request, "reading-order", read_reading_order, article.section_id)
    if related_rows is None:
        related_rows = [_LinkRow(*row) for row in _related(article)]
    related = [row.link(with_summary=True) for row in sorted(related_rows, key=lambda row: row.reading_position)]
    position = next((i for i, link in enumerate(reading_order) if link.pk == article.pk), None)
    previous = following = None
    if position is not None:  # a staff preview of an article that is not live has no place in the order
        previous = reading_order[position - 1] if position > 0 else None
        following = reading_order[position + 1] if position + 1 < len(reading_order) else None
    return ArticlePage(related=related, previous=previous, next=following, references=reference_list(article))


def reference_list(article) -> list[ReferenceListEntry]:
    """The numbered reference list of ``article``, in number order, in one query."""
    rows = Citation.objects.filter(article=article).order_by("number")
    return [ReferenceListEntry(*row) for row in rows.values_list("number", "occurrences", "reference__formatted_html")]


def sections_with_articles(per_section=ARTICLES_PER_SECTION_ON_LISTS):
    """Sections that have published articles, in two queries.

    Each has ``published_articles`` (its first ``per_section``) and ``has_more_articles``.
    """
    articles = Article.objects.published().for_listing().order_by("order", "title")[: per_section + 1]
    sections = Section.objects.prefetch_related(Prefetch("articles", queryset=articles, to_attr="published_articles"))
    listed = [section for section in sections if section.published_articles]
    for section in listed:
        section.has_more_articles = len(section.published_articles) > per_section
        section.published_articles = section.published_articles[:per_section]
    return listed


def with_citing_articles(references):
    """``references`` with ``published_citations`` prefetched: where each is cited in published articles."""
    citations = (
        Citation.objects.filter(article__in=Article.objects.published())
        .select_related("article__section")
        .only("number", "reference_id", "article__title", "article__slug", "article__section__slug")
    )
    return references.prefetch_related(Prefetch("citations", queryset=citations, to_attr="published_citations"))


def _related(article):
    related_ids = Article.related.through.objects.filter(from_article=article.pk).values("to_article")
    queryset = Article.objects.published().filter(pk__in=related_ids)
    return _link_rows(queryset.annotate(group=Value(_RELATED, CharField()), summary_text=F("summary")))


def _in_section(section_id):
    queryset = Article.objects.published().filter(section=section_id)
    return _link_rows(queryset.annotate(group=Value(_IN_SECTION, CharField()), summary_text=Value("", TextField())))


def _link_rows(queryset):
    annotated = queryset.annotate(section_order=F("section__order"), section_slug=F("section__slug"))
    return annotated.order_by().values_list(*_LINK_COLUMNS)
