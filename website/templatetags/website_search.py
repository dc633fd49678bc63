"""The lists of the search page, rendered in Python: ``{% search_results page_obj %}`` (the articles found, each
with its section and highlighted snippet) and ``{% reference_results references %}`` (the matching references).

Looping over twenty results and ten references in the template was half of a search page's rendering time. Every
value is a plain string, escaped with the standard library's ``html.escape`` (which Django's ``escape`` wraps);
snippets and AMA entries are already safe HTML.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def search_results(results):
    """Return the ``<li>`` of each SearchResult: its linked title, its section and its snippet."""
    items = [
        f'\n    <li class="search-result">\n      <h3><a href="{escape(result.url)}">{escape(result.title)}</a></h3>\n'
        f'      <p class="result-section">In {escape(result.section_title)}</p>\n'
        f'      <p class="snippet">{result.snippet}</p>\n    </li>\n    '
        for result in results
    ]
    return mark_safe("".join(items))  # noqa: S308 (titles escaped; snippets are safe HTML)


@register.simple_tag
def reference_results(references):
    """Return the ``<li>`` of each (key, formatted_html) reference: its AMA entry and a link to it in the library."""
    library = reverse("references:list")
    items = [
        f'\n    <li>{html} <a class="library-link" href="{library}#{escape(key)}">In the library'
        f'<span class="visually-hidden">: {escape(key)}</span></a></li>\n    '
        for key, html in references
    ]
    return mark_safe("".join(items))  # noqa: S308 (keys escaped; formatted_html is sanitised on save)
