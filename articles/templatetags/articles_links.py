"""Lists of links to articles, rendered in Python: ``{% section_summaries sections %}``,
``{% article_links articles %}`` and ``{% reference_library_items entries %}`` (each reference with the articles
citing it).

Home and /articles/ list the first articles of every section and the reference library the articles citing each
reference; looping over hundreds of links in a template was most of those pages' rendering time. The text is
escaped with the standard library's ``html.escape``, which Django's ``escape`` wraps: every value here is a plain
string, so the wrapper's check for lazy translations (a tenth of the page's time) is skipped.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def article_links(articles, compact=False):
    """Return the ``<ul>`` of links to ``articles`` (ArticleLink rows), each with its summary unless ``compact``."""
    items = []
    for article in articles:
        summary = f"<p>{escape(article.summary)}</p>" if article.summary and not compact else ""
        items.append(f'  <li><a href="{escape(article.url)}">{escape(article.title)}</a>{summary}</li>')
    css_class = "article-links compact" if compact else "article-links"
    return mark_safe(f'<ul class="{css_class}">\n' + "\n".join(items) + "\n</ul>")  # noqa: S308 (escaped above)


@register.simple_tag
def section_summaries(sections, compact=False):
    """Return a ``<section>`` per SectionWithArticles row: its linked title, its first articles, a link to the rest."""
    blocks = []
    for section in sections:
        slug, url, title = escape(section.slug), escape(section.url), escape(section.title)
        more = f'\n  <p class="more"><a href="{url}">All articles in {title} →</a></p>'
        if not section.has_more_articles:
            more = ""
        blocks.append(
            f'<section class="section-summary" aria-labelledby="section-{slug}">\n'
            f'  <h2 id="section-{slug}"><a href="{url}">{title}</a></h2>\n'
            f"  {article_links(section.published_articles, compact)}{more}\n"
            "</section>"
        )
    return mark_safe("\n".join(blocks))  # noqa: S308 (escaped above)


def _cited_in(articles):
    """The "Cited in:" line of a reference library entry, linking to ``articles``; nothing if none."""
    if not articles:
        return ""
    links = "; ".join(f'<a href="{escape(article.url)}">{escape(article.title)}</a>' for article in articles)
    return f'<p class="cited-by">Cited in: {links}</p>'


@register.simple_tag
def reference_library_items(entries):
    """Return the ``<li>`` of each ReferenceLibraryEntry: its stored AMA entry and its "Cited in:" line."""
    items = [
        f'  <li id="{escape(entry.key)}">\n    <p>{entry.formatted_html}</p>\n    {_cited_in(entry.cited_in)}\n  </li>'
        for entry in entries
    ]
    return mark_safe("\n".join(items))  # noqa: S308 (keys and links escaped; formatted_html is sanitised on save)
