"""/sitemap.xml: the home page and every app's own sitemaps, with when each page last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from consultants.sitemaps import SITEMAPS as CONSULTANT_SITEMAPS
from pages.sitemaps import SITEMAPS as PAGE_SITEMAPS


class HomeSitemap(Sitemap):
    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"home": HomeSitemap, **ARTICLE_SITEMAPS, **PAGE_SITEMAPS, **CONSULTANT_SITEMAPS}
