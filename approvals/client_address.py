"""The address of the client that sent a request, as far as our own proxies vouch for it."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies of ours the
    address the outermost of them saw, read from the right of X-Forwarded-For.

    Each proxy appends the address it received the request from, so only the last
    TRUSTED_PROXY_COUNT entries are ours; what a client writes into the header itself stands
    further left and is ignored. django-axes locks sign-ins on it (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        # Not through the expected chain of proxies (e.g. a health check from the proxy host).
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
