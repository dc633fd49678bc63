"""Lists of links to articles, rendered in Python: ``{% article_links articles %}`` and ``{% cited_in links %}``.

Home and /articles/ list the first articles of every section and the reference library the articles citing each
reference; looping over hundreds of links in a template was most of those pages' rendering time.
"""

from django import template
from django.utils.html import escape
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
def cited_in(articles):
    """Return the "Cited in:" line of a reference library entry, linking to ``articles``; nothing if none."""
    if not articles:
        return ""
    links = "; ".join(f'<a href="{escape(article.url)}">{escape(article.title)}</a>' for article in articles)
    return mark_safe(f'<p class="cited-by">Cited in: {links}</p>')  # noqa: S308 (escaped above)
