from django.contrib.sitemaps import Sitemap

from consultants.models import Listing


class ConsultantSitemap(Sitemap):
    """Profiles of published listings whose renewal date has not passed."""

    def items(self):
        return Listing.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, listing):
        return listing.updated_at


SITEMAPS = {"consultants": ConsultantSitemap}
