"""The copy of record: the answers' fingerprint, the PDF, who may download it."""

import hashlib
import io
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from entries.lifecycle import reopen_entry
from entries.models import Entry
from entries.record import answers_fingerprint
from tests.entries_helpers import (
    add_document,
    complete_answers,
    impact_key,
    make_draft,
    make_open_category,
    make_staff,
    submit_through_check,
)
from tests.factories import make_entrant

pytestmark = [pytest.mark.django_db]

# Summer time, a few seconds past the minute: the PDF says both.
SUBMITTED = datetime(2027, 3, 29, 15, 4, 5, tzinfo=UTC)


@pytest.fixture
def category(home, programme, entry_form):
    with time_machine.travel(SUBMITTED, tick=False):
        return make_open_category(programme, entry_form)


@pytest.fixture
def entrant():
    return make_entrant(full_name="Łucja Brzęczyszczykiewicz")


@pytest.fixture
def submitted(client, entrant, category):
    """An entry submitted through the check page, with one document."""
    answers = {
        **complete_answers(category),
        impact_key(category): "Waits fell from six weeks to nine days.\n\n"
        "Patients’ travel halved — “a relief”.",
    }
    draft = make_draft(entrant, category, **answers)
    add_document(draft, "Project plan.pdf", size=2048)
    with time_machine.travel(SUBMITTED, tick=False):
        client.force_login(entrant)
        response = submit_through_check(client, draft, answers)
    assert response["Location"] == reverse("entries:confirmation", args=[draft.pk])
    draft.refresh_from_db()
    return draft


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def record_url(entry) -> str:
    return reverse("entries:record", args=[entry.pk])


def test_fingerprint_is_sha256_of_the_canonical_json():
    answers = {"title": "Café", "a": "1"}
    expected = hashlib.sha256('{"a":"1","title":"Café"}'.encode()).hexdigest()
    assert answers_fingerprint(answers) == expected
    assert answers_fingerprint({"a": "1", "title": "Café"}) == expected
    assert answers_fingerprint({**answers, "a": "2"}) != expected


def test_submission_keeps_the_fingerprint_of_the_answers_it_stored(submitted):
    canonical = json.dumps(
        submitted.answers, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert submitted.answers_sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    assert submitted.submitted_at == SUBMITTED


def test_pdf_holds_the_facts_every_answer_the_documents_and_fingerprint(
    client, submitted, category
):
    response = client.get(record_url(submitted))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="PA27-0001.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    lines = text.splitlines()
    # The footer comes first in the text, then the page in order.
    assert lines[0] == (
        "PA27-0001 · submitted Monday 29 March 2027, 4:04:05pm BST · page 1 of 1"
    )
    assert lines[1 : lines.index("Declaration agreed")] == [
        "Health Partnership Awards: copy of record of a submitted entry",
        "Faster scans for rural patients",
        "Reference",
        "PA27-0001",
        "Category",
        category.title,
        "Programme",
        "Programme awards-2027",
        "Submitted",
        "Monday 29 March 2027, 4:04:05pm BST (UK time)",
        "Entrant",
        "Łucja Brzęczyszczykiewicz, Example NHS Trust",
        "Entry title",
        "Faster scans for rural patients",
        "5 words",
        "Partner organisations",
        "Example NHS Trust and Scan Co",
        "6 words of 50",
        "Impact",
        "Waits fell from six weeks to nine days.",
        "Patients’ travel halved — “a relief”.",
        "13 words of 350",
        "Supporting documents",
        "Project plan.pdf",
        "2.0 KB (2048 bytes)",
    ]
    assert lines[lines.index("SHA-256 of the answers as stored:") + 1] == (
        submitted.answers_sha256
    )


def test_the_confirmation_email_attaches_the_same_pdf(submitted):
    (email,) = mail.outbox
    ((name, content, kind),) = email.attachments
    assert (name, kind) == ("PA27-0001.pdf", "application/pdf")
    assert "PA27-0001" in pdf_text(content).splitlines()
    assert "A PDF copy of your entry as submitted is attached." in email.body


def test_staff_may_download_it_others_may_not(client, submitted):
    client.force_login(make_staff("Entries team", "emma"))
    assert client.get(record_url(submitted)).status_code == 200
    client.force_login(make_staff("Marketing editors", "mark"))
    assert client.get(record_url(submitted)).status_code == 404
    client.force_login(make_entrant("intruder@example.org"))
    assert client.get(record_url(submitted)).status_code == 404
    client.logout()
    assert client.get(record_url(submitted))["Location"].startswith("/accounts/login/")


def test_no_record_for_a_draft_or_a_reopened_entry(
    client, submitted, entrant, category, django_capture_on_commit_callbacks
):
    draft = make_draft(entrant, category, title="Not yet")
    assert client.get(record_url(draft)).status_code == 404
    fingerprint = submitted.answers_sha256
    with django_capture_on_commit_callbacks(execute=True):
        reopened = reopen_entry(submitted, make_staff("Entries team", "emma"))
    assert (reopened.status, reopened.answers_sha256) == (Entry.Status.DRAFT, "")
    assert client.get(record_url(reopened)).status_code == 404
    (entry_log,) = ModelLogEntry.objects.filter(action="entries.reopen")
    assert entry_log.data["answers_sha256"] == fingerprint


def test_pages_link_to_the_pdf(client, submitted):
    link = f'<a href="{record_url(submitted)}" download>'
    assert (
        link
        in client.get(
            reverse("entries:confirmation", args=[submitted.pk])
        ).content.decode()
    )
    assert (
        link
        in client.get(reverse("entries:detail", args=[submitted.pk])).content.decode()
    )


def test_the_admin_shows_the_fingerprint_and_the_download(client, submitted):
    client.force_login(make_staff("Entries team", "emma"))
    page = client.get(f"/admin/entries/inspect/{submitted.pk}/").content.decode()
    assert f"<code>{submitted.answers_sha256}</code> (matches the stored answers)" in (
        page
    )
    assert f'href="{record_url(submitted)}"' in page
    Entry.objects.filter(pk=submitted.pk).update(answers={"title": "Tampered"})
    page = client.get(f"/admin/entries/inspect/{submitted.pk}/").content.decode()
    assert "<strong>(does not match the stored answers)</strong>" in page
