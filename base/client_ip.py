"""Who sent a request: the one rule for the client's address.

Behind proxies every connection comes from the nearest proxy, and the client's
address travels in ``X-Forwarded-For``. Each proxy appends the address it saw
to whatever the request carried, so only the last ``PROXY_COUNT`` entries were
written by our proxies: anything further left was written by the client and
can be anything. The entry ``PROXY_COUNT`` from the right is the address the
outermost proxy saw, the client's. django-axes (``AXES_CLIENT_IP_CALLABLE``),
allauth's rate limits (``base.accounts.AccountAdapter``) and the access log
all ask :func:`client_address`.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's address, believing ``X-Forwarded-For`` no further than
    ``settings.PROXY_COUNT`` proxies back."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < count:
        # Not through every proxy: only the connection itself is known.
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
