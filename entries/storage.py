"""Storage for entrants' documents: private, outside the web root, with no URL.

On local disk by default; in a private S3 bucket when PRIVATE_MEDIA_BUCKET is
set. Either way the app streams a document to the reader after its permission
check (entries/views.py), so no URL to a document ever exists to be passed on.
"""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage


class NoPublicURL:
    """No URL: a document is served only by a view that checks who asks."""

    def url(self, name, *args, **kwargs):
        raise ValueError(
            "Entrants' documents have no public URL: link to the entry's "
            "document view, which checks the owner or staff."
        )


class PrivateFileSystemStorage(NoPublicURL, FileSystemStorage):
    """Entrants' documents on this host's disk (one host only)."""


class PrivateS3Storage(NoPublicURL, S3Storage):
    """Entrants' documents in a private bucket that every host shares."""

    # Objects are private whatever the bucket's default, and a name already
    # taken is never overwritten (paths are random, so this is a safeguard).
    default_acl = "private"
    file_overwrite = False


class PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used, as Django's
    ``default_storage`` is ``storages["default"]``."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def forget_private_storage(*, setting, **kwargs):
    """Follow a change of STORAGES (in tests), as Django does for default_storage."""
    if setting == "STORAGES":
        private_storage._wrapped = empty
