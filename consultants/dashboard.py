"""The directory's block of the editors' dashboard (editorial.dashboard): listings to moderate or renew."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from consultants.models import Listing
from editorial.dashboard import (
    ITEMS_SHOWN,
    REVIEW_WINDOW_DAYS,
    DashboardBlock,
    DashboardGroup,
    DashboardItem,
    limit_items,
)


def moderation_block(user, today):
    """Consultant listings awaiting moderation or due for renewal within 30 days; None without access."""
    if not user.has_perm("consultants.view_listing"):
        return None
    pending = DashboardGroup("Awaiting moderation", empty_text="No listing is waiting.")
    for listing in Listing.objects.pending().order_by("submitted_at", "pk")[: ITEMS_SHOWN + 1]:
        pending.items.append(
            DashboardItem(
                label=str(listing),
                url=reverse("admin:consultants_pendinglisting_change", args=[listing.pk]),
                note=f"submitted {date_format(timezone.localtime(listing.submitted_at), 'j F Y')}",
            )
        )
    renewals = DashboardGroup(f"Renewal due in the next {REVIEW_WINDOW_DAYS} days", empty_text="None.")
    due = Listing.objects.renewal_due_within(REVIEW_WINDOW_DAYS, today=today).order_by("renewal_due", "pk")
    for listing in due[: ITEMS_SHOWN + 1]:
        renewals.items.append(
            DashboardItem(
                label=str(listing),
                url=reverse("admin:consultants_listing_change", args=[listing.pk]),
                note=f"renewal due {date_format(listing.renewal_due, 'j F Y')}",
            )
        )
    limit_items(pending, reverse("admin:consultants_pendinglisting_changelist"))
    limit_items(renewals, reverse("admin:consultants_listing_changelist"))
    return DashboardBlock("Consultant listings", [pending, renewals])
