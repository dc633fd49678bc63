"""The site chrome every public page shows (site settings and navigation), cached per content generation.

Keying it by the generation's version (``pagecache.generation``) makes an edit show at once in every
worker, not only in the one that saved it.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, F, Value
from django.urls import reverse

CACHE_KEY = "lowmilk:site-chrome"


def navigation_links():
    """Return (sections, pages) for the menu as lists of {"title", "url"}, read in one query."""
    from articles.models import Section
    from pages.models import Page

    def shaped(queryset, kind, position):
        return (
            queryset.order_by()
            .annotate(
                kind=Value(kind, output_field=CharField()), label=F("title"), path=F("slug"), position=F(position)
            )
            .values_list("kind", "label", "path", "position")
        )

    rows = shaped(Section.objects.all(), "section", "order").union(
        shaped(Page.objects.in_navigation(), "page", "nav_order"), all=True
    )
    sections, pages = [], []
    for kind, title, slug, _position in sorted(rows, key=lambda row: (row[0], row[3], row[1])):
        if kind == "section":
            sections.append({"title": title, "url": reverse("articles:section", args=[slug])})
        else:
            url = reverse("pages:contact") if slug == "contact" else reverse("pages:page", args=[slug])
            pages.append({"title": title, "url": url})
    return sections, pages


def site_chrome(version=None):
    """Return {"site", "nav_sections", "nav_pages"}; two queries on a cold cache, none when warm.

    ``version`` is the content generation's (read here when not given, one more query).
    """
    from pagecache.generation import current_generation
    from pages.models import SiteSettings

    if version is None:
        version = current_generation().version
    key = f"{CACHE_KEY}:{version}"
    chrome = cache.get(key)
    if chrome is None:
        sections, pages = navigation_links()
        chrome = {"site": SiteSettings.load(), "nav_sections": sections, "nav_pages": pages}
        cache.set(key, chrome, timeout=settings.PAGE_CACHE_TIMEOUT)
    return chrome
