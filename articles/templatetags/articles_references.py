"""The numbered reference list of an article page, rendered in Python.

An article cites tens to hundreds of references, each with links back to every place it is cited; as a
template loop every number would go through localisation, which dominates the page's rendering time.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def reference_items(entries):
    """Return the reference list's ``<li>`` items from ``ReferenceListEntry`` rows (articles.selectors).

    Each item is the AMA entry followed by a link back to every place the reference is cited.
    """
    items = []
    for number, occurrences, entry_html in entries:
        several = occurrences > 1
        links = []
        for n in range(1, occurrences + 1):
            label = f"citation {n} of reference {number}" if several else f"reference {number}"
            counter = f'<span aria-hidden="true">{n}</span>' if several else ""
            links.append(f'<a href="#cite-{number}-{n}" aria-label="Back to {label} in the text">↑{counter}</a>')
        backlinks = "".join(links)
        # entry_html is the sanitised AMA entry stored on save (Reference.formatted_html); the rest are integers.
        items.append(
            f'<li id="ref-{number}"><span class="reference-text">{entry_html}</span>\n'
            f'        <span class="backlinks">{backlinks}</span>\n      </li>'
        )
    return mark_safe("\n      ".join(items))
