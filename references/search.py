"""Reference-library matches for the site search: every word of the search in an author, title or journal."""

from references.models import Reference

MAX_REFERENCE_RESULTS = 10


def search_references(*, required, excluded=(), limit=MAX_REFERENCE_RESULTS):
    """Return up to ``limit`` references matching all ``required`` words and none of ``excluded``."""
    if not required:
        return []
    references = Reference.objects.all()
    for value in required:
        references = references.search(value)
    for value in excluded:
        references = references.exclude(pk__in=Reference.objects.search(value).values("pk"))
    return list(references.only("key", "title", "formatted_html").order_by("key")[:limit])
