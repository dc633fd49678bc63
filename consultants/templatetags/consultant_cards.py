"""The result cards of a directory search, rendered in Python: ``{% consultant_cards page_obj %}``.

A page holds twenty cards of a dozen conditional parts each; as nested template includes every part went
through variable lookup, autoescaping and context pushes, which was most of the search page's rendering time.
Every value here is a plain string, escaped with the standard library's ``html.escape`` (Django's ``escape``
calls it too, behind a check for lazy strings on each of a page's few hundred calls).
"""

from html import escape

from django import template
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from consultants.models import TelehealthArea

register = template.Library()


def credential_badges(credentials) -> str:
    """The credential badges of a card: the kind, and the date a moderator verified it."""
    badges = []
    for credential in credentials:
        if credential.is_verified:
            verified = format_date(template_localtime(credential.verified_at), "j M Y")
            badges.append(
                f'<span class="badge badge-verified">{escape(credential.kind)} '
                f'<span title="Credential verified by our moderators">✓ verified {escape(verified)}</span></span>'
            )
        else:
            badges.append(f'<span class="badge">{escape(credential.kind)}</span>')
    return "".join(badges)


def card(listing) -> str:
    """One ``<li>`` card: a ``results_page`` row, with the view's ``url`` and distance label set."""
    city = escape(listing.city)
    if listing.is_remote:
        area = "country" if listing.telehealth_area == TelehealthArea.COUNTRY else "area"
        where = f'<span class="badge badge-remote">Telehealth</span> serves your {area} from {city} · '
        place = ""
    else:
        where = ""
        place = f" · {city}, {escape(listing.region)}" if listing.region else f" · {city}"
    details = " · ".join(listing.services)
    languages = ", ".join(listing.language_list)
    if languages:
        details = f"{details} · {languages}"
    accepting = (
        "Accepting new clients"
        if listing.accepting_clients
        else '<span class="muted">Not accepting new clients at the moment</span>'
    )
    practice = f"\n  <p>{escape(listing.practice_name)}</p>" if listing.practice_name else ""
    return (
        f'<li class="consultant-card">\n'
        f'  <h3><a href="{escape(listing.url)}">{escape(listing.name)}</a></h3>\n'
        f"  <p>{credential_badges(listing.credential_list)}</p>{practice}\n"
        f'  <p>{where}<span class="distance">{escape(listing.distance_label)}</span>{place}</p>\n'
        f'  <p class="muted">{escape(details)}</p>\n'
        f"  <p>{accepting}</p>\n"
        f"</li>"
    )


@register.simple_tag
def consultant_cards(listings):
    """Return the ``<li>`` cards of ``listings``, every value escaped here."""
    return mark_safe("\n".join(card(listing) for listing in listings))  # noqa: S308 (escaped above)
