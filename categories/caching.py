"""How long a response may be cached: never past a category's next change of state.

One rule for HTML pages and API responses alike, for every cache between the
site and the reader:

- Browsers always revalidate (``max-age=0``): they keep the response and its
  ETag, ask again on the next visit and get a 304 if nothing changed, so a
  publish shows on the next click. Django's ConditionalGetMiddleware answers
  the ``If-None-Match``.
- Shared caches (a CDN or proxy) may keep a response for ``s-maxage`` seconds:
  ``settings.PAGE_CACHE_SECONDS`` at most, and never beyond the earliest moment
  one of the categories it shows (or was filtered by) changes state, so that an
  open category's page is not served as open after its deadline. They are
  purged when a page changes (``base/frontend_cache.py``); a URL no purge
  reaches gets ``s-maxage=0``, to be revalidated each time.
- Responses for signed-in people are never shared: ``private, no-cache``.

The site's own server-side cache (``base/page_cache.py``) keeps exactly the
responses this rule marks shareable, for as long as it allows, whether or not a
purge reaches them: it is cleared on every publish.
"""

import math
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from base.frontend_cache import is_purged
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
    response,
    request,
    statuses: Iterable[CategoryStatus] = (),
    now=None,
    purged: bool = False,
) -> None:
    """Set ``Cache-Control`` on a GET response by the rule in this module.

    Personal responses get ``private, no-cache``. Successful anonymous ones get
    ``public, max-age=0, s-maxage=N``, where N is :func:`cache_seconds` if a
    purge reaches the URL (``purged``) and 0 otherwise; ``no-cache`` when N is 0
    in any case. Other responses (errors, redirects, non-GET) are left as they
    are.

    A shareable response also gets ``response.shareable_until``: ``now + N``
    (seconds since the epoch), never past a state change. The page cache keeps
    the response until then.
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
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=seconds if purged else 0
        )
        response.shareable_until = now.timestamp() + seconds
    else:
        patch_cache_control(response, public=True, max_age=0, no_cache=True)


class CachedPageMixin:
    """Cache headers for a page whose ``get_context`` lists the category states
    it used under ``context["category_statuses"]``.

    ``cache_query_params`` names the query parameters the page reads: the page
    cache keys its responses on those alone (``base/page_cache.py``), so any
    other parameter (``?utm_source=``) is served from the same entry.

    Only ``serve`` is wrapped: Wagtail's preview does not go through it.
    """

    cache_query_params: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.cache_query_params = self.cache_query_params
        context = getattr(response, "context_data", None) or {}
        patch_cache_headers(
            response,
            request,
            context.get("category_statuses", ()),
            purged=is_purged(request, self),
        )
        return response
