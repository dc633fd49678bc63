from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def sync_site_domain(using="default", **kwargs):
    """Keep the Site record (used by the sitemap, feeds and redirects) on the SITE_DOMAIN setting."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": settings.SITE_DOMAIN, "name": "Low Milk Supply"}
    )


class LowmilkConfig(AppConfig):
    name = "lowmilk"
    verbose_name = "Low Milk Supply"

    def ready(self):
        from post_office.signals import email_queued

        from lowmilk import checks  # noqa: F401 (registers the deployment checks)
        from lowmilk.mail import send_after_commit

        email_queued.connect(send_after_commit, dispatch_uid="lowmilk-send-queued-mail")

        # Sent after the sites app has made its default Site (this app has no models, so gets no signal itself).
        sites = apps.get_app_config("sites")
        post_migrate.connect(sync_site_domain, sender=sites, dispatch_uid="lowmilk-sync-site-domain")
