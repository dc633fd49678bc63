from django import template

from editorial.dashboard import dashboard_blocks

register = template.Library()


@register.inclusion_tag("editorial/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """The editors' dashboard for the admin index (articles to review, listings to moderate)."""
    return {"blocks": dashboard_blocks(context["request"].user)}
