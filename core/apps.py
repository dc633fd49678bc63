from django.apps import AppConfig

from core import checks  # noqa: F401 (registers the deployment checks)


class CoreConfig(AppConfig):
    """The bottom layer: markdown and sanitising, uploads, rate limits, logging, the cache, outage pages."""

    name = "core"
    verbose_name = "Core"
