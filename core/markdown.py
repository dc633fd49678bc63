"""Markdown to safe HTML for everything editors write (articles, sections, pages).

Python-Markdown (the engine django-markdownx uses) renders; nh3 then keeps only an allow-list of
tags and attributes, so script tags, event attributes and ``javascript:`` links never reach a page.
"""

import html
import re

import markdown
import nh3

BASE_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False, "toc_depth": "2-3"}}

ALLOWED_TAGS = {
    "p", "br", "hr", "span", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sup", "sub",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "code", "pre", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "sup": {"id"},
    "span": {"id"},  # back-link targets of the numbers inside a citation range ("1-3")
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


# Headings, list items and cells end without a full stop; in plain text they would run into the next block
# ("herbs Fenugreek Probably"), so each block that ends without punctuation gets one, and every block a line.
_BLOCK_END = re.compile(r"</(?:h[1-6]|li|p|td|th|dt|dd|caption|figcaption|blockquote)>", re.IGNORECASE)
_UNPUNCTUATED_END = re.compile(r"([^\s.!?:;,…])(\s*</(?:h[1-6]|li|td|th|dt|dd|caption|figcaption)>)", re.IGNORECASE)


def plain_text(body_html):
    """The readable text of rendered HTML (no tags, no citation numbers), for search and descriptions.

    Blocks stay apart: each ends on its own line, headings and list items with a full stop.
    """
    text = _CITE_SUP.sub("", body_html or "")
    text = _UNPUNCTUATED_END.sub(r"\1.\2", text)
    text = _BLOCK_END.sub(lambda match: match.group(0) + "\n", text)
    # nh3 with no tags allowed keeps only the text (escaped), several times faster than Django's strip_tags.
    return html.unescape(nh3.clean(text, tags=set()))
