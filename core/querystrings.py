"""Admin query strings no changelist can use are a 400 before any view runs.

Public forms check their own input and say what to fix (site search refuses NUL bytes itself); the admin's
changelist filters take any parameter straight into a query:

- NUL bytes: PostgreSQL refuses them in text, so a filter or search containing one failed in the database.
- Date parts (``...__year``, ``__month``, ``__day``, as the admin's date hierarchy and date filters send) that
  are not a number of at most four digits: the admin builds a ``datetime`` from them, which overflows.
"""

from django.shortcuts import render
from django.urls import reverse

DATE_PARTS = {"year", "month", "day"}


def unusable_query(query) -> bool:
    """True when ``query`` (a QueryDict) holds a NUL byte or a date part no calendar has."""
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
        if key.rsplit("__", 1)[-1] in DATE_PARTS and not all(_small_number(value) for value in values):
            return True
    return False


def _small_number(value):
    return value.isascii() and value.isdigit() and len(value) <= 4


class BadQueryStringMiddleware:
    """Put it after AuthenticationMiddleware: the 400 page is rendered with the site's chrome."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET and request.path.startswith(reverse("admin:index")) and unusable_query(request.GET):
            return render(request, "400.html", status=400)
        return self.get_response(request)
