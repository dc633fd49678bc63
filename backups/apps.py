from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Whole-site backups and restores: `make backup`, `make restore`."""

    name = "backups"
