"""Supporting documents: what may be uploaded, checked by content, not by name."""

import hashlib
import re
import unicodedata

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from .models import Entry, EntryDocument

# Detected type -> (extension stored, content type served, name for people).
ALLOWED_TYPES = {
    "pdf": ("pdf", "application/pdf", "PDF"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
    "xlsx": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (XLSX)",
    ),
    "pptx": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint (PPTX)",
    ),
    "png": ("png", "image/png", "PNG"),
    "jpg": ("jpg", "image/jpeg", "JPEG"),
}
ALLOWED_NAMES = ", ".join(name for _, _, name in ALLOWED_TYPES.values())
# The file picker's hint (the content is what is checked): JPEGs are often .jpeg.
ACCEPT = ",".join([*(f".{extension}" for extension in ALLOWED_TYPES), ".jpeg"])


def upload_hint() -> str:
    """What may be uploaded, for the entry page: types, number and size."""
    size = filesizeformat(settings.ENTRY_DOCUMENT_MAX_BYTES).replace(".0\xa0", " ")
    return (
        f"{ALLOWED_NAMES}; up to {settings.ENTRY_DOCUMENT_MAX_COUNT} files of "
        f"{size} each"
    )


class DocumentRefused(Exception):
    """The upload was refused; ``message`` says why, for the entrant."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def too_large_message(name: str) -> str:
    """Why a file cut off at the size limit was not added."""
    return (
        f"{name} was not added: documents must be "
        f"{filesizeformat(settings.ENTRY_DOCUMENT_MAX_BYTES)} or smaller."
    )


def display_name(name: str) -> str:
    """The uploaded file's name, made safe to show: no folders, no control codes."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    name = name.lstrip(".") or "document"
    return name[-200:]


def detect_type(upload: UploadedFile) -> str | None:
    """The allowed type the file's content shows, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension in ("zip", "docx", "xlsx", "pptx"):
        # Office files are zip archives: filetype needs the whole file to tell.
        kind = filetype.guess(upload.read()) or kind
        upload.seek(0)
    return kind.extension if kind.extension in ALLOWED_TYPES else None


def fingerprint(file) -> str:
    """The SHA-256 of a file's content, read in chunks from its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def is_already_added(entry: Entry, name: str, upload: UploadedFile) -> bool:
    """Whether ``entry`` holds a document of this name with the same content.

    Only documents of the same name and size are read back, so an upload
    usually costs one query and no read of storage.
    """
    same = entry.documents.filter(original_name=name, size=upload.size)
    if not same:
        return False
    content = fingerprint(upload)
    for document in same:
        with document.file.open("rb") as stored:
            if fingerprint(stored) == content:
                return True
    return False


def add_document(entry: Entry, upload: UploadedFile) -> EntryDocument:
    """Check and store one upload for ``entry``; raise DocumentRefused if unfit."""
    name = display_name(upload.name)
    if entry.documents.count() >= settings.ENTRY_DOCUMENT_MAX_COUNT:
        raise DocumentRefused(
            f"{name} was not added: an entry can have at most "
            f"{settings.ENTRY_DOCUMENT_MAX_COUNT} documents. Remove one first."
        )
    if upload.size > settings.ENTRY_DOCUMENT_MAX_BYTES:
        raise DocumentRefused(
            f"{name} was not added: it is {filesizeformat(upload.size)}, and "
            f"documents must be {filesizeformat(settings.ENTRY_DOCUMENT_MAX_BYTES)} "
            "or smaller."
        )
    if upload.size == 0:
        raise DocumentRefused(f"{name} was not added: the file is empty.")
    if is_already_added(entry, name, upload):
        # A second click, or the same file chosen twice: one copy is enough.
        raise DocumentRefused(
            f"{name} was not added: this entry already has it (the same name "
            "and content)."
        )
    detected = detect_type(upload)
    if detected is None:
        raise DocumentRefused(
            f"{name} was not added: its content is not one of the allowed types "
            f"({ALLOWED_NAMES})."
        )
    extension, content_type, _ = ALLOWED_TYPES[detected]
    document = EntryDocument(
        entry=entry, original_name=name, content_type=content_type, size=upload.size
    )
    document.file.save(f"upload.{extension}", upload, save=False)
    document.save()
    return document
