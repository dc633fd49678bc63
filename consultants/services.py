"""Writes for the directory: moderation, credential checks, renewals and the emails they send."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from consultants.models import RENEWAL_PERIOD, Credential, Listing, Status
from pages.models import SiteSettings

logger = logging.getLogger(__name__)

# What a renewal copies onto the listing it renews once a moderator approves it.
RENEWABLE_FIELDS = [
    "name", "practice_name", "about", "home_visits", "office_visits", "telehealth", "telehealth_area",
    "areas_served", "accepting_clients", "phone", "email", "website_url", "address", "city", "region",
    "postcode", "country", "latitude", "longitude", "region_code",
]  # fmt: skip


def moderator_emails() -> list[str]:
    """Where new submissions are announced: the setting's list, else the site's contact address."""
    configured = list(settings.CONSULTANTS_MODERATOR_EMAILS)
    if configured:
        return configured
    contact = SiteSettings.load().contact_email
    return [contact] if contact else []


def _send(subject: str, body: str, recipients: list[str]) -> bool:
    """Send one email; a mail failure is logged, never shown to the person who caused it."""
    if not recipients:
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:
        logger.exception("Could not send %r to %s", subject, recipients)
        return False
    return True


def notify_moderators(listing: Listing, *, admin_url: str) -> bool:
    kind = "Renewal" if listing.renewal_of_id else "New listing"
    body = (
        f"{kind} waiting for moderation: {listing.name} ({listing.city}, {listing.country}).\n"
        f"Email: {listing.email}\n\nReview it: {admin_url}\n"
    )
    return _send(f"[Directory] {kind}: {listing.name}", body, moderator_emails())


@transaction.atomic
def approve_listing(listing: Listing, *, today: datetime.date | None = None) -> Listing:
    """Publish a pending listing for a year; a renewal updates the listing it renews and is removed.

    Returns the listing that is now public.
    """
    today = today or timezone.localdate()
    if listing.renewal_of_id:
        original = listing.renewal_of
        for name in RENEWABLE_FIELDS:
            setattr(original, name, getattr(listing, name))
        replace_credentials(original, list(listing.credentials.all()))
        original.languages.set(listing.languages.all())
        listing.delete()
        listing = original
    listing.status = Status.PUBLISHED
    listing.renewal_due = today + RENEWAL_PERIOD
    listing.renewal_reminder_sent_for = None
    listing.full_clean()
    listing.save()
    _send(
        "Your listing is published",
        f"Dear {listing.name},\n\nYour directory listing is now public until {listing.renewal_due:%d %B %Y}.\n",
        [listing.email],
    )
    return listing


def replace_credentials(listing: Listing, new: list[Credential]) -> None:
    """Take the renewal's credentials, keeping a verification where kind and number are unchanged."""
    current = {credential.kind: credential for credential in listing.credentials.all()}
    for credential in new:
        old = current.pop(credential.kind, None)
        if old and old.number == credential.number:
            old.expires_on = credential.expires_on
            old.save()
        else:
            if old:
                old.delete()
            Credential.objects.create(
                listing=listing, kind=credential.kind, number=credential.number, expires_on=credential.expires_on
            )
    for leftover in current.values():
        leftover.delete()


def reject_listing(listing: Listing) -> None:
    listing.status = Status.REJECTED
    listing.save(update_fields=["status", "updated_at"])


def verify_credentials(listing: Listing, *, by) -> int:
    """Record that a moderator checked every credential of a listing; returns how many were verified."""
    return listing.credentials.filter(verified_at__isnull=True).update(verified_at=timezone.now(), verified_by=by)


def send_renewal_reminders(*, days: int = 30, today: datetime.date | None = None) -> int:
    """Email each listing whose renewal falls within ``days``, once per renewal date; returns how many."""
    today = today or timezone.localdate()
    sent = 0
    due = Listing.objects.renewal_due_within(days, today).exclude(renewal_reminder_sent_for=F("renewal_due"))
    renew_url = settings.SITE_URL.rstrip("/") + reverse("consultants:submit")
    for listing in due:
        body = (
            f"Dear {listing.name},\n\nYour directory listing stops showing after {listing.renewal_due:%d %B %Y}.\n"
            f"Renew it at {renew_url} (tick “renewing”).\n"
        )
        if _send("Please renew your directory listing", body, [listing.email]):
            Listing.objects.filter(pk=listing.pk).update(renewal_reminder_sent_for=listing.renewal_due)
            sent += 1
    return sent


def expire_overdue_listings(*, today: datetime.date | None = None) -> int:
    """Mark published listings past their renewal date as expired; returns how many changed."""
    return Listing.objects.overdue(today).update(status=Status.EXPIRED, updated_at=timezone.now())
