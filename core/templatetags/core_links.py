from django import template

register = template.Library()


@register.filter
def web_url(value):
    """Return ``value`` if it is an http(s) URL, else "": a link a template builds can never be javascript:.

    Forms and the admin validate URLs, but rows written another way (the shell, a future import) are not;
    use as ``{% with url=listing.website_url|web_url %}{% if url %}<a href="{{ url }}">...{% endif %}{% endwith %}``.
    """
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""
