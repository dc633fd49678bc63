"""Admin pages in the editor's own time zone, so "publish at 9:00" means 9:00 where the editor is.

static/editorial/timezone.js stores the browser's time zone (an IANA name such as America/Chicago) in the
``editor_tz`` cookie; this middleware reads and forms parse admin times in it. Without a valid cookie the
site's TIME_ZONE applies, as before.
"""

import zoneinfo
from urllib.parse import unquote

from django.utils import timezone

COOKIE = "editor_tz"
ADMIN_PREFIXES = ("/admin/",)


def editor_zone(request):
    """The zone named by the request's cookie; None when absent or not a real zone."""
    name = unquote(request.COOKIES.get(COOKIE, ""))  # the script URL-encodes the "/" of Area/City
    if not name or len(name) > 64 or ".." in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class EditorTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = editor_zone(request) if request.path.startswith(ADMIN_PREFIXES) else None
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
