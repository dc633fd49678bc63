"""The editors' dashboard on the admin index: what needs attention now."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

REVIEW_WINDOW_DAYS = 30
ITEMS_SHOWN = 50


@dataclass
class DashboardItem:
    label: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass
class DashboardGroup:
    title: str
    items: list[DashboardItem] = field(default_factory=list)
    empty_text: str = "Nothing here."
    more_url: str = ""


@dataclass
class DashboardBlock:
    title: str
    groups: list[DashboardGroup]


def article_review_block(user, today):
    """Published and scheduled articles whose review is overdue or due within 30 days; None without access."""
    from articles.models import Article, Status

    if not user.has_perm("articles.view_article"):
        return None
    due = (
        Article.objects.filter(status=Status.PUBLISHED)
        .review_due_by(today + datetime.timedelta(days=REVIEW_WINDOW_DAYS))
        .only("title", "last_reviewed", "review_interval_months")
    )
    overdue = DashboardGroup("Review overdue", empty_text="No article is overdue for review.")
    soon = DashboardGroup(f"Review due in the next {REVIEW_WINDOW_DAYS} days", empty_text="None.")
    for article in sorted(due, key=lambda article: (article.next_review_due, article.title)):
        due_date = article.next_review_due
        late = (today - due_date).days
        item = DashboardItem(
            label=article.title,
            url=reverse("admin:articles_article_change", args=[article.pk]),
            note=f"due {date_format(due_date, 'j F Y')}"
            + (f", {late} day{'s' if late != 1 else ''} ago" if late > 0 else ""),
            urgent=late > 0,
        )
        (overdue if late > 0 else soon).items.append(item)
    for group in (overdue, soon):
        if len(group.items) > ITEMS_SHOWN:
            group.items = group.items[:ITEMS_SHOWN]
            group.more_url = reverse("admin:articles_article_changelist")
    return DashboardBlock("Articles to review", [overdue, soon])


def listing_block(user, today):
    """Consultant listings awaiting moderation or due for renewal within 30 days; None without access."""
    if not user.has_perm("consultants.view_listing"):
        return None
    from consultants.models import Listing

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
    for group, changelist in ((pending, "consultants_pendinglisting"), (renewals, "consultants_listing")):
        if len(group.items) > ITEMS_SHOWN:
            group.items = group.items[:ITEMS_SHOWN]
            group.more_url = reverse(f"admin:{changelist}_changelist")
    return DashboardBlock("Consultant listings", [pending, renewals])


def dashboard_blocks(user, today=None):
    """The dashboard blocks ``user`` may see, in display order."""
    today = today or timezone.localdate()
    blocks = [article_review_block(user, today), listing_block(user, today)]
    return [block for block in blocks if block is not None]
