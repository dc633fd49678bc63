"""Deployment checks for settings that are valid on their own but wrong together."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_client_address_behind_proxy(app_configs, **kwargs):
    """Behind a proxy every request comes from the proxy: without TRUSTED_PROXY_COUNT all clients would share
    one rate limit and one admin lockout."""
    if settings.SECURE_PROXY_SSL_HEADER and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "The site is behind a proxy (BEHIND_PROXY) but TRUSTED_PROXY_COUNT is 0, so every visitor has the "
                "proxy's address: one rate limit and one admin lockout for everybody.",
                hint="Set TRUSTED_PROXY_COUNT=1 behind the shipped nginx, or BEHIND_PROXY=0 without a proxy.",
                id="lowmilk.W001",
            )
        ]
    return []
