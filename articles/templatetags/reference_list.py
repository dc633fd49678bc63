"""The numbered reference list of an article page, rendered in Python.

An article cites tens to hundreds of references, each with links back to every place it is cited; as a
template loop this was a third of the page's rendering time (every number goes through localisation).
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def reference_items(citations):
    """Return the ``<li>`` items of the reference list: the AMA entry, then a link back to each citation."""
    items = []
    for citation in citations:
        number, occurrences = citation.number, citation.occurrences
        backlinks = "".join(
            f'<a href="#cite-{number}-{n}" aria-label="Back to citation {n} of reference {number}">'
            f"↩{f'<sup>{n}</sup>' if occurrences > 1 else ''}</a> "
            for n in range(1, occurrences + 1)
        )
        # formatted_html is the sanitised AMA entry stored on save; the rest are integers.
        items.append(
            f'<li id="ref-{number}">{citation.reference.formatted_html}\n'
            f'        <span class="backlinks">{backlinks}</span>\n      </li>'
        )
    return mark_safe("\n      ".join(items))
