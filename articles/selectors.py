"""Reads that shape what article pages show."""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, IntegerField, TextField, Value
from django.urls import reverse

from articles.models import Article

RELATED, SIBLING = 1, 2
COLUMNS = ("kind", "pk", "section_order", "order", "title", "slug", "summary_text", "section_slug")


class ArticleLink(NamedTuple):
    """A link to an article: what lists, related articles and previous/next need, without a model instance."""

    title: str
    url: str
    summary: str = ""

    def get_absolute_url(self):
        return self.url


def article_page_links(article, version, *, cache_links=True):
    """Return (related, previous, next) for ``article``'s page, read in one query.

    ``related`` lists its published related articles in the editors' order; ``previous`` and ``next`` are
    the published articles around it in its section's reading order (order, title), or None. The reading
    order is shared by every article of the section, so it is cached for the content generation ``version``
    like the navigation; on a miss it comes in the same query as the related articles. The three links of
    a live article are cached for ``version`` too (unless ``cache_links`` is false), so its page usually
    reads none of this from the database.
    """
    links_key = f"articles:page-links:{version}:{article.pk}"
    if cache_links and (links := cache.get(links_key)) is not None:
        # One article's links unpickle in microseconds, with no query; the whole section's order does not.
        return links
    key = f"articles:reading-order:{version}:{article.section_id}"
    reading_order = cache.get(key)
    if reading_order is None:
        rows = _related(article).union(_published_in_section(article.section_id), all=True)
        related_rows = [row for row in rows if row[0] == RELATED]
        sibling_rows = sorted((row for row in rows if row[0] == SIBLING), key=_reading_position)
        reading_order = [
            (pk, title, slug, section_slug) for _k, pk, _s, _o, title, slug, _t, section_slug in sibling_rows
        ]
        cache.set(key, reading_order, settings.PAGE_CACHE_TIMEOUT)
    else:
        related_rows = list(_related(article))

    related = [_link(row[4], row[5], row[7], row[6]) for row in sorted(related_rows, key=_reading_position)]
    article_pk = article.pk
    position = next((i for i, (pk, *_rest) in enumerate(reading_order) if pk == article_pk), None)
    if position is None:  # the article itself is not live (a staff preview): no reading order to place it in
        return related, None, None
    previous = _link(*reading_order[position - 1][1:]) if position > 0 else None
    following = _link(*reading_order[position + 1][1:]) if position + 1 < len(reading_order) else None
    links = (related, previous, following)
    if cache_links:
        cache.set(links_key, links, settings.PAGE_CACHE_TIMEOUT)
    return links


def _related(article):
    related_ids = Article.related.through.objects.filter(from_article=article.pk).values("to_article")
    queryset = Article.objects.published().filter(pk__in=related_ids)
    return _link_rows(queryset.annotate(kind=Value(RELATED, IntegerField()), summary_text=F("summary")))


def _published_in_section(section_id):
    queryset = Article.objects.published().filter(section=section_id)
    return _link_rows(queryset.annotate(kind=Value(SIBLING, IntegerField()), summary_text=Value("", TextField())))


def _link_rows(queryset):
    annotated = queryset.annotate(section_order=F("section__order"), section_slug=F("section__slug"))
    return annotated.order_by().values_list(*COLUMNS)


def _reading_position(row):
    _kind, pk, section_order, order, title, *_rest = row
    return (section_order, order, title, pk)


def _link(title, slug, section_slug, summary=""):
    url = reverse("articles:article", kwargs={"section_slug": section_slug, "article_slug": slug})
    return ArticleLink(title=title, url=url, summary=summary)
