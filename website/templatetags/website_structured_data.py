"""Template tags that write schema.org JSON-LD into a page (<script type="application/ld+json"> is data, not code)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from website.structured_data import article_structured_data, site_structured_data

register = template.Library()

# As Django's json_script: no "<", ">" or "&" may close the script element or start a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    request = context["request"]
    return json_ld(article_structured_data(article, site=context["site"], absolute_url=request.build_absolute_uri))


@register.simple_tag(takes_context=True)
def site_json_ld(context):
    request = context["request"]
    return json_ld(site_structured_data(context["site"], absolute_url=request.build_absolute_uri))
