"""The site chrome every public page shows (site settings and navigation), cached until an editor changes it."""

from django.core.cache import cache
from django.db.models import CharField, F, Value
from django.db.models.signals import post_delete, post_save
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


def site_chrome():
    """Return {"site", "nav_sections", "nav_pages"}; two queries on a cold cache, none when warm."""
    from pages.models import SiteSettings

    chrome = cache.get(CACHE_KEY)
    if chrome is None:
        sections, pages = navigation_links()
        chrome = {"site": SiteSettings.load(), "nav_sections": sections, "nav_pages": pages}
        cache.set(CACHE_KEY, chrome, timeout=None)
    return chrome


def forget_site_chrome(**kwargs):
    cache.delete(CACHE_KEY)


def connect_invalidation():
    from articles.models import Section
    from pages.models import Page, SiteSettings

    for model in (Section, Page, SiteSettings):
        post_save.connect(forget_site_chrome, sender=model, dispatch_uid=f"chrome-save-{model.__name__}")
        post_delete.connect(forget_site_chrome, sender=model, dispatch_uid=f"chrome-delete-{model.__name__}")
