"""/sitemap.xml: every public page search engines should know about, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Section
from consultants.models import Listing
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


class ConsultantSitemap(Sitemap):
    """Profiles of published listings whose renewal date has not passed."""

    def items(self):
        return Listing.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, listing):
        return listing.updated_at


SITEMAPS = {
    "fixed": FixedPagesSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "pages": PageSitemap,
    "consultants": ConsultantSitemap,
}
