from django.apps import AppConfig

from core.content import ADMINISTRATORS, ALL_ACTIONS, EDITORS, ContentModel


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages and site settings"
    content_models = [
        ContentModel("pages.Page", versioned=True, moves=True, in_chrome=True, permissions={EDITORS: ALL_ACTIONS}),
        # Editors edit the site-wide texts and handle contact messages; only administrators add or delete them.
        ContentModel(
            "pages.SiteSettings",
            versioned=True,
            in_chrome=True,
            permissions={EDITORS: ("change", "view"), ADMINISTRATORS: ALL_ACTIONS},
        ),
        ContentModel(
            "pages.ContactMessage",
            shown_to_readers=False,
            permissions={EDITORS: ("change", "view"), ADMINISTRATORS: ALL_ACTIONS},
        ),
    ]
