from django.apps import AppConfig

from core import checks  # noqa: F401 (registers the deployment checks)


class CoreConfig(AppConfig):
    """The bottom layer: markdown and sanitising, uploads, rate limits, logging, the cache, outage pages."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib import admin
        from post_office.models import EmailTemplate
        from post_office.signals import email_queued

        from core.mail import send_after_commit

        email_queued.connect(send_after_commit, dispatch_uid="core-send-queued-mail")
        # The site's notifications are plain text written in code: post-office's templates would be pages
        # nobody needs (its Emails and Logs stay: the queue and each message's status).
        if admin.site.is_registered(EmailTemplate):
            admin.site.unregister(EmailTemplate)
