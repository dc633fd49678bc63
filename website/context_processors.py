from django.core.exceptions import DisallowedHost
from django.utils import timezone

from website.navigation import chrome_context


def chrome(request):
    """Site settings, navigation and the copyright years for every template."""
    context = chrome_context(request)
    site = context["site"]
    this_year = timezone.now().year
    start = site.copyright_start_year
    years = f"{start}–{this_year}" if start and start < this_year else str(this_year)
    return {**context, "copyright_years": years}


def canonical_url(request):
    """The page's address without its query string, for the canonical link and sharing tags.

    Empty when the request's host is not allowed (the 400 page for such a request must still render).
    """
    try:
        return {"canonical_url": request.build_absolute_uri(request.path)}
    except DisallowedHost:
        return {"canonical_url": ""}
