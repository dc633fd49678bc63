from django import template

from core.markdown import plain_text as _plain_text

register = template.Library()


@register.filter
def plain_text(html):
    """Rendered HTML as plain text (for meta descriptions); autoescaping still applies to the result."""
    return " ".join(_plain_text(html).split())
