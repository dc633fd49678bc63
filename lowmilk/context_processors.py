from django.core.exceptions import DisallowedHost


def canonical_url(request):
    """The page's address without its query string, for the canonical link and sharing tags.

    Empty when the request's host is not allowed (the 400 page for such a request must still render).
    """
    try:
        return {"canonical_url": request.build_absolute_uri(request.path)}
    except DisallowedHost:
        return {"canonical_url": ""}
