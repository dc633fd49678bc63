from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import post_migrate

from core.content import ADMINISTRATORS, ContentModel


def sync_site_domain(using="default", **kwargs):
    """Keep the Site record (used by the sitemap, feeds and redirects) on the SITE_DOMAIN setting."""
    Site = apps.get_model("sites", "Site")
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": settings.SITE_DOMAIN, "name": "Low Milk Supply"}
    )


class WebsiteConfig(AppConfig):
    """The public site around the content: home, site search, navigation, sitemaps, robots, health check."""

    name = "website"
    verbose_name = "Website"
    # Its domain is in the sitemap's and the feeds' absolute links.
    content_models = [ContentModel("sites.Site", permissions={ADMINISTRATORS: ("change", "view")})]

    def ready(self):
        # Sent after the sites app has made its default Site (this app has no models, so gets no signal itself).
        sites = apps.get_app_config("sites")
        post_migrate.connect(sync_site_domain, sender=sites, dispatch_uid="website-sync-site-domain")
