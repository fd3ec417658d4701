"""Purging shared caches (a CDN or caching proxy) when public content changes.

Wagtail's ``wagtail.contrib.frontend_cache`` sends the purges, to the backends
that ``settings.WAGTAILFRONTENDCACHE`` names (read from the environment: none by
default, and then nothing here does any work).

When a page is published, unpublished, moved or deleted, every page that shows
it is purged: the page itself, its live ancestors below the root (the listings
that show it, and the home page), its live siblings (their "other categories"
links) and its live descendants (their breadcrumbs and inherited contacts),
each with the paths its ``get_cached_paths`` lists (a programme's ``?state=``
filters), and the JSON API's page listing and those pages' details. A move
purges them at the old place and the new one. Wagtail's own handler purges the
page at once; this purges the rest when the transaction commits, so that a
cache cannot fetch the old rows again in between.

Only the URLs a purge reaches may be kept by shared caches: :func:`is_purged`
says which, and ``categories/caching.py`` gives any other response
``s-maxage=0``, so that a shared cache revalidates it (its ETag makes that
cheap).
"""

import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

# The pages API's listing and detail URLs without a query string: the ones a
# purge sends. Others (with ?fields=, filters, search) are not purged.
PURGED_API_PATH = re.compile(r"^/api/v2/pages/(?:\d+/)?$")


def is_enabled() -> bool:
    """True when a frontend cache backend is configured."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def is_purged(request, page=None) -> bool:
    """True if the response to ``request`` is one that a purge reaches.

    For a page: its URL followed by one of its ``get_cached_paths``. For the
    API: the pages listing or a page's detail, with no query string.
    """
    full_path = request.get_full_path()
    if page is None:
        return bool(PURGED_API_PATH.match(full_path))
    url = page.get_url(request)
    if not url:
        return False
    return full_path in {url + path.lstrip("/") for path in page.get_cached_paths()}


def pages_showing(page) -> list[Page]:
    """The live pages that show ``page``: itself, its ancestors below the root,
    its siblings and its descendants (specific, for ``get_cached_paths``)."""
    shown = Page.objects.filter(pk=page.pk)
    family = (
        Page.objects.ancestor_of(page).filter(depth__gt=1)
        | Page.objects.sibling_of(page)
        | Page.objects.descendant_of(page)
    )
    return list((shown | family.live()).specific().order_by("path"))


def api_urls(pages) -> list[str]:
    """The API URLs a purge of ``pages`` sends: the listing and their details."""
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    return [base + reverse("wagtailapi:pages:listing")] + [
        base + reverse("wagtailapi:pages:detail", args=[page.pk]) for page in pages
    ]


class PendingPurge:
    """The purges of one transaction, sent when it commits (an on-commit callback).

    Rolled back with the transaction: Django drops its on-commit callbacks.
    """

    def __init__(self):
        self.batch = PurgeBatch()

    def __call__(self):
        self.batch.purge()


def waiting_batch(connection) -> PurgeBatch:
    """The batch that the current transaction sends when it commits."""
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, PendingPurge):
            return callback.batch
    pending = PendingPurge()
    transaction.on_commit(pending)
    return pending.batch


def purge_when_committed(page) -> None:
    """Purge every page that shows ``page``, and their API URLs, once the
    current transaction commits (at once outside a transaction).

    The URLs are worked out now, while the page is still where it was (before a
    move or a delete). Purges asked for in one transaction go as one batch, so
    that deleting a programme sends each URL once.
    """
    if not is_enabled():
        return
    connection = transaction.get_connection()
    in_transaction = connection.in_atomic_block
    batch = waiting_batch(connection) if in_transaction else PurgeBatch()
    pages = pages_showing(page)
    batch.add_pages(pages)
    batch.add_urls(api_urls(pages))
    if not in_transaction:
        batch.purge()


def on_change(instance, **kwargs) -> None:
    """A page was published, unpublished or deleted, or is moving or moved."""
    purge_when_committed(instance)


def connect() -> None:
    """Purge on publish, unpublish (which a delete of a live page sends) and move."""
    for signal in (page_published, page_unpublished, pre_page_move, post_page_move):
        signal.connect(on_change, dispatch_uid=f"frontend-cache-{id(signal)}")
