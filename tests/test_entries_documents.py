"""Supporting documents: checked by content, stored privately, served to owners."""

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from entries.documents import display_name
from entries.models import EntryDocument
from tests.entries_helpers import make_draft, make_open_category
from tests.factories import make_entrant
from tests.wsgi_helpers import wsgi_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
WINDOWS_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def office_bytes(folder: str, content_type: str) -> bytes:
    """A minimal Office Open XML package (docx: word/, pptx: ppt/)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/content-types"><Override PartName="/{folder}/main.xml" '
            f'ContentType="{content_type}"/></Types>',
        )
        package.writestr(f"{folder}/main.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def empty_private_storage():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT / "entries", ignore_errors=True)


@pytest.fixture
def draft(entrant, programme, entry_form):
    return make_draft(entrant, make_open_category(programme, entry_form))


def upload(client, entry, *files):
    data = {"action": "upload", "version": entry.version, "documents": list(files)}
    return client.post(reverse("entries:detail", args=[entry.pk]), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def upload_errors_of(response) -> list[str]:
    """The refusals shown at the file input, which is described by them."""
    page = BeautifulSoup(response.content, "html.parser")
    file_input = page.select_one("#id_documents")
    assert file_input["aria-describedby"] == "id_documents-hint id_documents-error"
    assert file_input["aria-invalid"] == "true"
    summary = [a.get_text(strip=True) for a in page.select(".error-summary a")]
    at_input = [
        p.get_text(" ", strip=True).removeprefix("Error: ")
        for p in page.select("#id_documents-error .error-message")
    ]
    assert summary == at_input
    assert all(a["href"] == "#id_documents" for a in page.select(".error-summary a"))
    return at_input


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("photo.jpeg", jpeg_bytes(), "image/jpeg"),
        (
            "budget.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "report.docx",
            office_bytes(
                "word",
                "application/vnd.openxmlformats-officedocument.wordprocessingml"
                ".document.main+xml",
            ),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "slides.pptx",
            office_bytes(
                "ppt",
                "application/vnd.openxmlformats-officedocument.presentationml"
                ".presentation.main+xml",
            ),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_allowed_types_are_stored_privately(
    client, entrant, draft, name, content, content_type
):
    client.force_login(entrant)
    response = upload(client, draft, SimpleUploadedFile(name, content))
    assert messages_of(response) == [f"{name} was added."]
    document = EntryDocument.objects.get()
    assert (document.original_name, document.content_type, document.size) == (
        name,
        content_type,
        len(content),
    )
    stored = Path(document.file.path)
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    assert name.rsplit(".", 1)[0] not in stored.name  # never the uploaded name
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018


def test_owner_downloads_with_the_original_name(client, entrant, draft):
    client.force_login(entrant)
    upload(client, draft, SimpleUploadedFile("Our plan.pdf", PDF))
    document = EntryDocument.objects.get()
    response = client.get(reverse("entries:document", args=[draft.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Our plan.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_others_get_404_and_staff_with_permission_get_the_file(client, entrant, draft):
    client.force_login(entrant)
    upload(client, draft, SimpleUploadedFile("plan.pdf", PDF))
    document = EntryDocument.objects.get()
    url = reverse("entries:document", args=[draft.pk, document.pk])
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(make_entrant("other@example.org"))
    assert client.get(url).status_code == 404
    # The right document id with another entry's id is not a way in either.
    other_draft = make_draft(make_entrant("third@example.org"), draft.category)
    assert (
        client.get(
            reverse("entries:document", args=[other_draft.pk, document.pk])
        ).status_code
        == 404
    )
    staff = make_entrant("staff@example.org")
    staff.user_permissions.add(Permission.objects.get(codename="view_entry"))
    client.force_login(staff)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", ELF),
        ("setup.pdf", WINDOWS_EXE),
        ("diagram.svg", SVG),
        ("diagram.png", SVG),
        ("notes.txt", b"just some text"),
        ("archive.pdf", b"PK\x03\x04" + b"\x00" * 60),
    ],
)
def test_disguised_or_unknown_files_are_refused(client, entrant, draft, name, content):
    client.force_login(entrant)
    response = upload(client, draft, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert messages_of(response) == []
    assert upload_errors_of(response) == [
        f"{name} was not added: its content is not one of the allowed types "
        "(PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), PNG, JPEG)."
    ]
    assert not EntryDocument.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))


def test_over_size_file_is_refused(client, entrant, draft, settings):
    settings.ENTRY_DOCUMENT_MAX_BYTES = 1024
    client.force_login(entrant)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    response = upload(client, draft, big)
    assert response.status_code == 413
    assert upload_errors_of(response) == [
        "big.pdf was not added: documents must be 1.0\xa0KB or smaller."
    ]
    assert not EntryDocument.objects.exists()


class CountingStream(io.BytesIO):
    """A request body that counts how much of it the server read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.read_bytes += len(line)
        return line


def multipart(fields: dict, file_name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "awardsboundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="documents"; '
        f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\n'
        f"upload\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_an_over_size_upload_is_not_read_past_the_limit(entrant, draft, settings):
    # 30 MB against the 10 MB limit, through the WSGI application.
    client = Client()
    client.force_login(entrant)
    body, content_type = multipart(
        {"version": "1", "title": "Kept in the page"},
        "huge.pdf",
        PDF + b"0" * (30 * 1024 * 1024),
    )
    stream = CountingStream(body)
    response = wsgi_request(
        "POST",
        reverse("entries:detail", args=[draft.pk]),
        body=body,
        content_type=content_type,
        cookies={"sessionid": client.cookies["sessionid"].value},
        stream=stream,
    )
    assert response.status == 413
    assert stream.read_bytes < settings.ENTRY_DOCUMENT_MAX_BYTES + 512 * 1024
    text = response.body.decode()
    assert "huge.pdf was not added: documents must be 10.0\xa0MB or smaller." in text
    assert "Kept in the page" in text
    assert not EntryDocument.objects.exists()
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("", 1)


def test_the_entry_page_still_checks_csrf(entrant, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(entrant)
    response = client.post(
        reverse("entries:detail", args=[draft.pk]), {"version": "1", "title": "x"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == ""


def test_number_of_documents_is_limited(client, entrant, draft, settings):
    settings.ENTRY_DOCUMENT_MAX_COUNT = 2
    client.force_login(entrant)
    files = [SimpleUploadedFile(f"doc{i}.pdf", PDF) for i in range(3)]
    response = upload(client, draft, *files)
    assert messages_of(response) == ["doc0.pdf was added.", "doc1.pdf was added."]
    assert upload_errors_of(response) == [
        "doc2.pdf was not added: an entry can have at most 2 documents. "
        "Remove one first."
    ]
    assert EntryDocument.objects.count() == 2


def test_the_same_file_twice_is_refused(client, entrant, draft):
    client.force_login(entrant)
    response = upload(client, draft, SimpleUploadedFile("plan.pdf", PDF))
    assert messages_of(response) == ["plan.pdf was added."]
    draft.refresh_from_db()  # the upload saved the answers: a new version
    response = upload(
        client,
        draft,
        SimpleUploadedFile("plan.pdf", PDF),  # again: refused
        SimpleUploadedFile("plan.pdf", PDF.replace(b"1.4", b"1.7")),  # new content
        SimpleUploadedFile("copy.pdf", PDF),  # same content, another name
    )
    assert messages_of(response) == ["plan.pdf was added.", "copy.pdf was added."]
    assert upload_errors_of(response) == [
        "plan.pdf was not added: this entry already has it (the same name and content)."
    ]
    assert [(d.original_name, d.size) for d in EntryDocument.objects.all()] == [
        ("plan.pdf", len(PDF)),
        ("plan.pdf", len(PDF)),
        ("copy.pdf", len(PDF)),
    ]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("bad\x07name\t.pdf", "badname.pdf"),
    ],
)
def test_path_tricks_in_names_are_stripped(client, entrant, draft, name, shown):
    client.force_login(entrant)
    upload(client, draft, SimpleUploadedFile(name, PDF))
    document = EntryDocument.objects.get()
    assert document.original_name == shown
    assert document.file.name.startswith(f"entries/{draft.pk}/")
    assert ".." not in document.file.name


def test_upload_also_saves_the_typed_answers(client, entrant, draft):
    client.force_login(entrant)
    data = {
        "action": "upload",
        "version": 1,
        "title": "Typed before uploading",
        "documents": [SimpleUploadedFile("plan.pdf", PDF)],
    }
    client.post(reverse("entries:detail", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert draft.answers["title"] == "Typed before uploading"


def test_remove_a_document(client, entrant, draft):
    client.force_login(entrant)
    upload(client, draft, SimpleUploadedFile("plan.pdf", PDF))
    document = EntryDocument.objects.get()
    path = Path(document.file.path)
    draft.refresh_from_db()
    data = {
        "action": f"remove-document-{document.pk}",
        "version": draft.version,
        "title": "Typed before removing",
    }
    confirm_url = reverse("entries:remove_document", args=[draft.pk, document.pk])
    response = client.post(reverse("entries:detail", args=[draft.pk]), data)
    # The answers are saved, and the button leads to a question, not a deletion.
    assert response.status_code == 302
    assert response["Location"] == confirm_url
    draft.refresh_from_db()
    assert draft.answers["title"] == "Typed before removing"
    assert EntryDocument.objects.filter(pk=document.pk).exists()

    page = BeautifulSoup(client.get(confirm_url).content, "html.parser")
    assert page.title.get_text() == (
        "Remove plan.pdf: Typed before removing | Health Partnership Awards"
    )
    assert page.h1.get_text(" ", strip=True) == ("Open Category Remove plan.pdf")
    form = page.select_one("main form")
    assert form["action"] == confirm_url
    assert form.button.get_text(strip=True) == "Yes, remove this document"
    assert form.select_one("a.cancel-link").get_text() == "No, keep it"
    assert path.exists()

    response = client.post(confirm_url, follow=True)
    assert messages_of(response) == ["plan.pdf was removed."]
    assert not EntryDocument.objects.exists()
    assert not path.exists()


def test_removing_asks_only_the_owner_of_an_open_draft(client, entrant, draft):
    client.force_login(entrant)
    upload(client, draft, SimpleUploadedFile("plan.pdf", PDF))
    document = EntryDocument.objects.get()
    confirm_url = reverse("entries:remove_document", args=[draft.pk, document.pk])
    someone_else = make_entrant("other@example.org")
    client.force_login(someone_else)
    assert client.get(confirm_url).status_code == 404
    assert client.post(confirm_url).status_code == 404
    client.force_login(entrant)
    draft.status = "submitted"
    draft.save(update_fields=["status"])
    response = client.post(confirm_url, follow=True)
    assert messages_of(response) == ["Documents can only be removed from a draft."]
    assert EntryDocument.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize(
    ("name", "shown"), [("..", "document"), ("", "document"), ("a/b/../c.pdf", "c.pdf")]
)
def test_display_name(name, shown):
    assert display_name(name) == shown
