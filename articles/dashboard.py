"""The articles' block of the editors' dashboard (editorial.dashboard): reviews that are due."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format

from articles.models import Article, Status
from editorial.dashboard import (
    REVIEW_WINDOW_DAYS,
    DashboardBlock,
    DashboardGroup,
    DashboardItem,
    limit_items,
)


def review_block(user, today):
    """Published and scheduled articles whose review is overdue or due within 30 days; None without access."""
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
        limit_items(group, reverse("admin:articles_article_changelist"))
    return DashboardBlock("Articles to review", [overdue, soon])
