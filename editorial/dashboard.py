"""The editors' dashboard on the admin index: what needs attention now."""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string

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


def limit_items(group, changelist_url):
    """Keep ``group`` to ITEMS_SHOWN items, linking to the full list when there are more."""
    if len(group.items) > ITEMS_SHOWN:
        group.items = group.items[:ITEMS_SHOWN]
        group.more_url = changelist_url


def dashboard_blocks(user, today=None):
    """The dashboard blocks ``user`` may see, in display order.

    Each app names its block functions in ``AppConfig.dashboard_blocks``; a block function takes
    ``(user, today)`` and returns a ``DashboardBlock``, or None when the user may not see it.
    """
    today = today or timezone.localdate()
    blocks = []
    for config in apps.get_app_configs():
        for path in getattr(config, "dashboard_blocks", ()):
            if (block := import_string(path)(user, today)) is not None:
                blocks.append(block)
    return blocks
