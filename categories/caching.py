"""How long a response may be cached: never past a category's next change of state.

One rule for HTML pages and API responses alike. A response that shows (or was
filtered by) category states may be kept by shared caches for
``settings.PAGE_CACHE_SECONDS`` at most, and never beyond the earliest moment one
of those categories changes state: an open category's page must not be served as
open after its deadline. Responses for signed-in people are never shared-cached.
The ETag and 304 responses come from Django's ConditionalGetMiddleware.

The site's own server-side cache (``base/page_cache.py``) keeps exactly
the responses this rule marks shareable, for as long as it allows.
"""

import math
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from base.page_cache import is_personal

from .status import CategoryStatus


def cache_seconds(
    statuses: Iterable[CategoryStatus],
    now: datetime | None = None,
    default: int | None = None,
) -> int:
    """Seconds a response showing ``statuses`` may be cached from ``now``.

    The configured default, cut to the whole seconds left before the earliest
    ``next_change_at`` (rounded down, so a response never outlives a change).
    """
    now = now or timezone.now()
    seconds = settings.PAGE_CACHE_SECONDS if default is None else default
    for status in statuses:
        if status.next_change_at is not None:
            left = math.floor((status.next_change_at - now).total_seconds())
            seconds = min(seconds, max(left, 0))
    return seconds


def patch_cache_headers(
    response, request, statuses: Iterable[CategoryStatus] = (), now=None
) -> None:
    """Set ``Cache-Control`` on a GET response by the rule in this module.

    Personal responses get ``private, no-cache``; successful anonymous ones
    ``public, max-age=N`` (``no-cache`` when N is 0). Other responses (errors,
    redirects, non-GET) are left as they are.

    A shareable response also gets ``response.shareable_until``: the moment
    (seconds since the epoch) its ``max-age`` runs out, ``now + N``, which is
    never past a state change. The page cache keeps the response until then.
    """
    if request.method not in ("GET", "HEAD"):
        return
    if is_personal(request):
        patch_cache_control(response, private=True, no_cache=True)
        return
    if response.status_code != 200:
        return
    now = now or timezone.now()
    seconds = cache_seconds(statuses, now)
    if seconds > 0:
        patch_cache_control(response, public=True, max_age=seconds)
        response.shareable_until = now.timestamp() + seconds
    else:
        patch_cache_control(response, public=True, max_age=0, no_cache=True)


class CachedPageMixin:
    """Cache headers for a page whose ``get_context`` lists the category states
    it used under ``context["category_statuses"]``.

    Only ``serve`` is wrapped: Wagtail's preview does not go through it.
    """

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        patch_cache_headers(response, request, context.get("category_statuses", ()))
        return response
