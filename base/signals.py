"""What clears the page cache: a new generation whenever public content changes.

Publishing, unpublishing, moving, saving or deleting any page, and saving or
deleting a site, an image or a document. Each starts a new generation at once
and again when the transaction commits: a page rendered from the old rows in
between is not kept either.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from .page_cache import bump_generation

logger = logging.getLogger(__name__)


def bump_or_log() -> None:
    """Start a new generation; if the cache is down, say so and carry on.

    A publish must not fail for want of the cache: what it holds expires
    within ``PAGE_CACHE_SECONDS``, and never past a change of state.
    """
    try:
        bump_generation()
    except Exception:
        logger.exception("Could not clear the page cache")


def clear_page_cache(**kwargs) -> None:
    """Drop every stored response, now and after the current transaction."""
    bump_or_log()
    transaction.on_commit(bump_or_log)


def connect() -> None:
    """Connect :func:`clear_page_cache` to every change that shows publicly."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(clear_page_cache, dispatch_uid=f"page-cache-{id(signal)}")
    models = [*get_page_models(), Site, get_image_model(), get_document_model()]
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                clear_page_cache,
                sender=model,
                dispatch_uid=f"page-cache-{model._meta.label}-{id(signal)}",
            )
