"""/sitemap.xml: every public page search engines should know about, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Section
from pages.models import Page


class FixedPagesSitemap(Sitemap):
    def items(self):
        return ["home", "articles:sections", "references:list"]

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


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {
    "fixed": FixedPagesSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "pages": PageSitemap,
    # CONSULTANTS: when the consultant directory merges, add its sitemap here, e.g.
    # "consultants": consultants.sitemaps.ConsultantSitemap (published listings only, lastmod = updated_at).
}
