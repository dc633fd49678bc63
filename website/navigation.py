"""The site chrome every public page shows: site settings and the navigation menu.

Both change only when a section, a page or the site settings do (their apps declare them ``in_chrome``), so
they are remembered until then (``pagecache.generation.remember``): such an edit shows at once in every worker
and on every server, and an article edit leaves them as they are.
"""

from django.db.models import CharField, F, Value
from django.urls import reverse

from articles.models import Section
from pagecache.generation import remember
from pages.models import Page, SiteSettings


def navigation_links():
    """Return (sections, pages) for the menu as lists of {"title", "url"}, read in one query."""

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


def _read_chrome():
    sections, pages = navigation_links()
    return {"site": SiteSettings.load(), "nav_sections": sections, "nav_pages": pages}


def chrome_context(request=None):
    """Return {"site", "nav_sections", "nav_pages"}; two queries when the chrome's content has changed, else none."""
    return remember(request, "site-chrome", _read_chrome, until="chrome")
