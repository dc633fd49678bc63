"""What each app declares about its content models, for the cross-cutting apps to read.

An app lists its models in its ``AppConfig.content_models``; editorial (revisions, redirects when an
address changes, the roles' permissions) and pagecache (which saves make cached pages stale) read these
declarations through the app registry. Adding a content model is therefore one entry in its own app's
``apps.py``, and no other package names it.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

# The staff roles (django.contrib.auth groups made by `manage.py setup_roles`).
EDITORS, MODERATORS, ADMINISTRATORS = "Editors", "Directory moderators", "Administrators"
ROLES = (EDITORS, MODERATORS, ADMINISTRATORS)
ALL_ACTIONS = ("add", "change", "delete", "view")


@dataclass(frozen=True)
class ContentModel:
    """How the site treats one model.

    ``label`` is "app_label.ModelName". ``versioned``: every save is a revision that can be compared and
    restored, and a deleted record can be recovered (``follow`` names related objects saved with it).
    ``moves``: the model has ``public_paths()`` (a dict of name -> address) and an address that a save
    changes keeps answering with a 301. ``shown_to_readers``: saving or deleting it changes public pages.
    ``in_chrome``: the site chrome every page shows (menu, footer, sidebar, site settings) reads it, so its
    saves re-render the chrome too; saves of other models leave the rendered chrome as it is.
    ``scheduled_fields``: datetime fields at whose values pages change by the clock alone.
    ``permissions``: role -> the actions ("add", "change", "delete", "view") its members may take;
    administrators get everything any role has as well.
    """

    label: str
    versioned: bool = False
    follow: tuple[str, ...] = ()
    moves: bool = False
    shown_to_readers: bool = True
    in_chrome: bool = False
    scheduled_fields: tuple[str, ...] = ()
    permissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


def content_models() -> Iterator[ContentModel]:
    """Every installed app's declared content models, in ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        yield from getattr(config, "content_models", ())
