from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self):
        from editorial import history, redirects

        history.register_history_models()
        redirects.connect_slug_tracking()
