"""Storage for entrants' documents: on disk, outside the web root, with no URL."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that are only ever served through views that check who asks."""

    def url(self, name):
        raise ValueError(
            "Entrants' documents have no public URL: link to the entry's "
            "document view, which checks the owner or staff."
        )
