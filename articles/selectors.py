"""Reads that shape what article pages show."""

from typing import NamedTuple

from django.db.models import F, IntegerField, TextField, Value
from django.urls import reverse

from articles.models import Article

RELATED, SIBLING = 1, 2


class ArticleLink(NamedTuple):
    """A link to an article: what lists, related articles and previous/next need, without a model instance."""

    title: str
    url: str
    summary: str = ""

    def get_absolute_url(self):
        return self.url


def article_page_links(article):
    """Return (related, previous, next) for ``article``'s page, read in one query.

    ``related`` lists its published related articles in the editors' order; ``previous`` and ``next`` are
    the published articles around it in its section's reading order (order, title), or None.
    """
    columns = ("kind", "pk", "section_order", "order", "title", "slug", "summary_text", "section_slug")
    related_ids = Article.related.through.objects.filter(from_article=article.pk).values("to_article")
    related = (
        Article.objects.published()
        .filter(pk__in=related_ids)
        .annotate(kind=Value(RELATED, IntegerField()), summary_text=F("summary"))
    )
    siblings = (
        Article.objects.published()
        .filter(section=article.section_id)
        .annotate(kind=Value(SIBLING, IntegerField()), summary_text=Value("", TextField()))
    )
    rows = [
        queryset.annotate(section_order=F("section__order"), section_slug=F("section__slug"))
        .order_by()
        .values_list(*columns)
        for queryset in (related, siblings)
    ]
    related_rows, sibling_rows = [], []
    for row in rows[0].union(rows[1], all=True):
        (related_rows if row[0] == RELATED else sibling_rows).append(row)

    def reading_order(row):
        return (row[2], row[3], row[4], row[1])

    links = [_link(row) for row in sorted(related_rows, key=reading_order)]
    sibling_rows.sort(key=reading_order)
    position = next((i for i, row in enumerate(sibling_rows) if row[1] == article.pk), None)
    if position is None:  # the article itself is not live (a staff preview): no reading order to place it in
        return links, None, None
    previous = _link(sibling_rows[position - 1]) if position > 0 else None
    following = _link(sibling_rows[position + 1]) if position + 1 < len(sibling_rows) else None
    return links, previous, following


def _link(row):
    _kind, _pk, _section_order, _order, title, slug, summary, section_slug = row
    url = reverse("articles:article", kwargs={"section_slug": section_slug, "article_slug": slug})
    return ArticleLink(title=title, url=url, summary=summary)
