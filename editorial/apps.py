from django.apps import AppConfig

from core.content import ALL_ACTIONS, EDITORS, ContentModel


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"
    # Redirects of old addresses, edited under "Redirects"; answered only when a path would be a 404.
    content_models = [ContentModel("redirects.Redirect", shown_to_readers=False, permissions={EDITORS: ALL_ACTIONS})]

    def ready(self):
        # Here rather than at import time: the declarations name models, which exist once every app is loaded.
        from editorial import history, redirects

        history.register_history_models()
        redirects.connect_slug_tracking()
