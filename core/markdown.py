"""Markdown to safe HTML for everything editors write (articles, sections, pages).

Python-Markdown (the engine django-markdownx uses) renders; nh3 then keeps only an allow-list of
tags and attributes, so script tags, event attributes and ``javascript:`` links never reach a page.
"""

import html
import re

import markdown
import nh3
from django.utils.html import strip_tags

BASE_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False, "toc_depth": "2-3"}}

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sup", "sub",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "code", "pre", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "sup": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
    "th": {"align", "scope"},
    "td": {"align"},
}
ALLOWED_CLASSES = {"sup": {"cite"}, "a": {"cite-unknown"}}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto", "tel"},
    allowed_classes=ALLOWED_CLASSES,
    link_rel="noopener noreferrer",
)


def sanitize_html(html):
    """Return ``html`` with everything outside the allow-list removed."""
    return _cleaner.clean(html)


def make_markdown(extensions=()):
    """Return a Markdown converter with the site's extensions plus ``extensions``."""
    return markdown.Markdown(
        extensions=[*BASE_EXTENSIONS, *extensions], extension_configs=EXTENSION_CONFIGS, output_format="html"
    )


def render_markdown(text):
    """Return sanitised HTML for editor-written markdown without citations (pages, section intros)."""
    return sanitize_html(make_markdown().convert(text or ""))


_CITE_SUP = re.compile(r"<sup class=\"cite\">.*?</sup>", re.DOTALL)


def plain_text(body_html):
    """The readable text of rendered HTML (no tags, no citation numbers), for search and descriptions."""
    return html.unescape(strip_tags(_CITE_SUP.sub("", body_html or "")))
