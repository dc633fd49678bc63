from django.utils import timezone

from pagecache.generation import current_generation
from pages.chrome import site_chrome as cached_site_chrome


def site_chrome(request):
    """Site settings, navigation and the copyright years for every template."""
    chrome = cached_site_chrome(current_generation(request).version)
    site = chrome["site"]
    this_year = timezone.now().year
    start = site.copyright_start_year
    years = f"{start}–{this_year}" if start and start < this_year else str(this_year)
    return {**chrome, "copyright_years": years}
