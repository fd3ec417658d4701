"""Parts of a page that are the same for every visitor, kept in the page cache.

A signed-in visitor never gets a cached page (``base/page_cache.py``), but most
of what they see is not theirs: a page's rendered body, its state panel, its
breadcrumbs. ``fragment`` keeps such a part beside the pages (the ``pages``
cache: local memory or Redis), under the page-cache *generation*, so that
every publish, unpublish, move or save that clears the pages clears the
fragments too, and never past the moment the part itself says it changes
(``until``: a category's next change of state, by ``categories/caching.py``).
The personal parts (the header, "My entries") are rendered for each request.
"""

import hashlib
import logging
import math
import time
from collections.abc import Callable

from django.conf import settings

from .page_cache import current_generation, page_cache

logger = logging.getLogger(__name__)


def fragment_key(name: str, parts, generation: str) -> str:
    """The cache key of fragment ``name`` for ``parts`` in ``generation``."""
    digest = hashlib.sha256(
        "\n".join([generation, name, *map(str, parts)]).encode()
    ).hexdigest()
    return f"fragment:{digest}"


def fragment(name: str, parts, compute: Callable[[], tuple[object, float | None]]):
    """The value of fragment ``name`` for ``parts``, computed once per generation.

    ``compute()`` returns ``(value, until)``: ``until`` (seconds since the
    epoch) is when the value stops being true, None for "not by itself"; it is
    kept for ``PAGE_CACHE_SECONDS`` at most. If the cache cannot be reached,
    the value is computed for this request alone.
    """
    try:
        generation = current_generation()
        key = fragment_key(name, parts, generation)
        stored = page_cache().get(key)
    except Exception:
        logger.exception("Page cache unavailable for the fragment %s", name)
        return compute()[0]
    now = time.time()
    if stored is not None and (stored[1] is None or stored[1] > now):
        return stored[0]
    value, until = compute()
    timeout = settings.PAGE_CACHE_SECONDS
    if until is not None:
        timeout = min(timeout, math.floor(until - now))
    if timeout > 0:
        try:
            page_cache().set(key, (value, until), timeout=timeout)
        except Exception:
            logger.exception("Page cache unavailable for the fragment %s", name)
    return value
