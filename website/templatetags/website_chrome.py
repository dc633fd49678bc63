"""``{% chrome_include "includes/site_header.html" %}``: a site-chrome include rendered once per change to the chrome.

The header, footer and sidebar show only site settings and navigation, which change only with the
chrome's own content (sections, pages and site settings, declared ``in_chrome``), so they are rendered once each
time one of those changes (``pagecache.generation.remember``), rather than on every request or after every
article edit. The HTML is remembered by template, the copyright years
(they change with the clock, not the version) and the one per-request thing the chrome shows: which header
link is the current page (``nav_current``) or the part of the site it belongs to (``nav_ancestor``), for
``aria-current``. Templates included this way read those two, never ``request``, and nothing else per request
(no CSRF token, no user) may go into them.
"""

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

from pagecache.generation import remember

register = template.Library()

# Header links that are not sections or pages (see includes/site_header.html), each marked when it is the page.
FIXED_NAV_URL_NAMES = ("home", "consultants:search", "pages:donate")


@register.simple_tag(takes_context=True)
def chrome_include(context, template_name):
    request = context.get("request")
    if request is None or "nav_sections" not in context:  # rendered without the context processors
        return mark_safe(context.template.engine.get_template(template_name).render(context))  # noqa: S308
    current, ancestor = _position(request, context)

    def render():
        with context.push(nav_current=current, nav_ancestor=ancestor):
            return context.template.engine.get_template(template_name).render(context)

    html = remember(
        request,
        "chrome-fragment",
        render,
        template_name,
        context.get("copyright_years", ""),
        current,
        ancestor,
        until="chrome",
    )
    return mark_safe(html)  # noqa: S308 -- the template's own output, autoescaped when rendered


@functools.lru_cache(maxsize=8)
def _fixed_nav_paths(script_prefix):  # the key only: reverse() reads the prefix itself
    return {reverse(name) for name in FIXED_NAV_URL_NAMES}


def _position(request, context):
    """(the menu link that is this page, the menu link of the part of the site it is in): worked out once a request."""
    if (known := getattr(request, "_chrome_position", None)) is not None:
        return known
    nav_paths = {item["url"] for item in (*context["nav_sections"], *context["nav_pages"])}
    nav_paths |= _fixed_nav_paths(get_script_prefix())
    current = request.path if request.path in nav_paths else ""
    # An article is in its section, a profile in the directory: that link is marked as where the reader is.
    ancestor = max((path for path in nav_paths if path != "/" and request.path.startswith(path)), key=len, default="")
    request._chrome_position = (current, ancestor)
    return request._chrome_position
