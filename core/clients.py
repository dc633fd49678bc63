"""The address a request came from, as rate limits, admin lockouts and logs count it."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """Return the address a request came from.

    ``REMOTE_ADDR`` unless ``settings.TRUSTED_PROXY_COUNT`` says that many proxies we run append to
    ``X-Forwarded-For``: then the entry that the outermost trusted proxy added (anything left of it was
    written by the client and cannot be trusted). A missing or malformed header falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a unix socket gives no address)
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote
