"""Reject query strings no page can use, before a view hands them to the database.

PostgreSQL refuses text containing NUL characters (SQLite accepts it), so a ``?q=%00`` reaching a filter
would be a server error on one database and not the other. Forms already refuse NUL in their fields
(Django's ProhibitNullCharactersValidator); this covers query parameters read directly by views.
"""

from django.core.exceptions import BadRequest


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if ("%00" in query or "\x00" in query) and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("Query string contains a NUL character.")
        return self.get_response(request)
