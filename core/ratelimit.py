"""Rate limits per client address for public forms and search, with a friendly 429 page.

Limits live in ``settings.RATE_LIMITS`` (``{"contact": "5/10m", ...}``, django-ratelimit's rate syntax) and
are counted in the default cache by django-ratelimit. Apply one to a view::

    from core.ratelimit import rate_limit

    @rate_limit("contact")                      # counts POSTs only (form submissions)
    def contact(request): ...

    @rate_limit("search", methods=["GET"])      # counts every search
    def search(request): ...

    # class-based view
    @method_decorator(rate_limit("listing"), name="dispatch")
    class ListingSubmitView(CreateView): ...

A group missing from ``RATE_LIMITS`` (or set to an empty string) is not limited.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage


def _rate_for(group, request):
    return settings.RATE_LIMITS.get(group) or None


def seconds_until_allowed(request, group: str, *, methods=("POST",)) -> int | None:
    """Count this request against ``group``'s limit for its client address.

    Return None while under the limit, otherwise the seconds until the current window ends.
    """
    usage = get_usage(request, group=group, key="ip", rate=_rate_for, method=list(methods), increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


def too_many_requests(request, retry_after: int = 60):
    """The friendly 429 page, telling the person when they can try again."""
    minutes = -(-retry_after // 60)
    response = render(request, "429.html", {"retry_after_minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(group: str, *, methods=("POST",)):
    """Decorate a view so that requests with ``methods`` beyond ``settings.RATE_LIMITS[group]`` get a 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            retry_after = seconds_until_allowed(request, group, methods=methods)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def admin_lockout(request, original_response=None, credentials=None):
    """django-axes' lockout response for the admin login: a clear page saying how long and how to unlock."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    response = render(request, "security/lockout.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
