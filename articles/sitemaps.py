from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Section


class ArticleListsSitemap(Sitemap):
    """The list of all sections and the reference library."""

    def items(self):
        return ["articles:sections", "references:list"]

    def location(self, item):
        return reverse(item)


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.only("slug").order_by("order", "pk")


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().select_related("section").only("slug", "updated_at", "section__slug")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"article-lists": ArticleListsSitemap, "sections": SectionSitemap, "articles": ArticleSitemap}
