"""Writes for the directory: moderation, credential checks, renewals and the emails they send."""

from __future__ import annotations

import datetime
import logging
from contextlib import contextmanager

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from consultants.models import RENEWAL_PERIOD, Credential, Listing, Status
from core.mail import single_line
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
        # A line break in a header (a listing's name in the subject) would make Django refuse the email.
        send_mail(single_line(subject), body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
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


@contextmanager
def _moderation_revision(by, comment: str):
    """One transaction and one revision for a moderation step, inside any revision already open."""
    with transaction.atomic(), reversion.create_revision():
        if by is not None and getattr(by, "is_authenticated", False):
            reversion.set_user(by)
        reversion.set_comment(comment)
        yield


def approve_listing(listing: Listing, *, by=None, today: datetime.date | None = None) -> Listing:
    """Publish a pending listing for a year; a renewal updates the listing it renews and is removed.

    The only way a listing becomes public: the form's Approve button, the bulk action and imports all call
    it, so the consultant always gets the "published" email and the change is a revision.
    Returns the listing that is now public.
    """
    today = today or timezone.localdate()
    with _moderation_revision(by, f"Approved and published until {today + RENEWAL_PERIOD:%Y-%m-%d}."):
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
        reversion.add_to_revision(listing)
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


def reject_listing(listing: Listing, *, by=None) -> Listing:
    """Turn a submission down: it stays hidden, is kept for the record, and the submitter is told."""
    with _moderation_revision(by, "Rejected."):
        listing.status = Status.REJECTED
        listing.save(update_fields=["status", "updated_at"])
        reversion.add_to_revision(listing)
    contact = SiteSettings.load().contact_email
    _send(
        "Your directory listing was not accepted",
        f"Dear {listing.name},\n\nThank you for your submission. We could not accept your directory listing "
        "as it stands.\n" + (f"Please write to {contact} if you would like to know why.\n" if contact else ""),
        [listing.email],
    )
    return listing


def verify_credentials(listing: Listing, *, by) -> int:
    """Record that a moderator checked every credential of a listing; returns how many were verified."""
    with _moderation_revision(by, "Credentials verified."):
        count = listing.credentials.filter(verified_at__isnull=True).update(verified_at=timezone.now(), verified_by=by)
        if count:
            reversion.add_to_revision(listing)
    return count


def moderate(listing: Listing, status: str, *, by=None) -> Listing:
    """Move ``listing`` to ``status`` through the step that status needs (approve or reject).

    Raises ValidationError for a status a moderator cannot set by hand (pending or expired come from
    submissions and the renewal date).
    """
    if status == listing.status:
        return listing
    if status == Status.PUBLISHED:
        return approve_listing(listing, by=by)
    if status == Status.REJECTED:
        return reject_listing(listing, by=by)
    raise ValidationError(
        f"A listing cannot be set to {Status(status).label.lower()} by hand; approve or reject it instead.",
        code="moderation_state",
    )


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
