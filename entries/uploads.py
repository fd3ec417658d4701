"""Uploads read no further than the size a document may have.

Django's upload handlers read the whole request body before the view can
check a file's size, so a 60 MB upload was read to its end before being
refused at 10 MB. :class:`SizeLimitHandler` (first in
``FILE_UPLOAD_HANDLERS``) stops reading as soon as one file passes
``ENTRY_DOCUMENT_MAX_BYTES`` and leaves the file's name on the request; the
entry view then answers with the form's message. It limits only entrants'
uploads (under /entries/, and the entries API's): editors' images and
documents in the admin have Wagtail's own limits. It is a setting rather than
a handler added by the view because middleware (the CSRF check, the NUL
check) reads the body first.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import reverse

from .documents import display_name

# Set on the request when a file was cut off: the file's name, for the message.
REFUSED_ATTRIBUTE = "upload_too_large"


def limited_paths() -> tuple[str, ...]:
    """Where entrants upload: their entry pages, and the entries API."""
    api = reverse("entries_api:openapi-json").removesuffix("openapi.json")
    return (reverse("entries:list"), api)


class SizeLimitHandler(FileUploadHandler):
    """Passes each file on to the next handler, until it is too large."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding):
        self.limited = self.request.path_info.startswith(limited_paths())

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.limited and self.received > settings.ENTRY_DOCUMENT_MAX_BYTES:
            setattr(self.request, REFUSED_ATTRIBUTE, display_name(self.file_name))
            # Not a byte more: the rest of the body is never read.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def too_large_upload(request) -> str | None:
    """The name of the file cut off at the size limit in this request, if any."""
    return getattr(request, REFUSED_ATTRIBUTE, None)
