from django.apps import AppConfig

from core import checks  # noqa: F401 (registers the deployment checks)


class CoreConfig(AppConfig):
    """The bottom layer: markdown and sanitising, uploads, rate limits, logging, the cache, outage pages."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from post_office.signals import email_queued

        from core.mail import send_after_commit

        email_queued.connect(send_after_commit, dispatch_uid="core-send-queued-mail")
