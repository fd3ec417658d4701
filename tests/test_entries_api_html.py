"""One lifecycle for both: the entries API and the HTML pages make the same
entry, reference and email from the same inputs."""

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from entries.models import Entry, ReferenceSequence
from tests.entries_helpers import complete_answers, submit_through_check
from tests.headless_helpers import app_sign_in, send

pytestmark = pytest.mark.django_db

API = "/api/entries/v1"


def snapshot(entry: Entry) -> dict:
    """What the entry and its confirmation email are, the entry's id aside."""
    entry.refresh_from_db()
    [email] = mail.outbox
    html = email.alternatives[0][0] if email.alternatives else ""
    return {
        "entrant": entry.entrant_id,
        "category": entry.category_id,
        "status": entry.status,
        "reference": entry.reference,
        "title": entry.title,
        "answers": entry.answers,
        "answers_sha256": entry.answers_sha256,
        "declaration": entry.declaration,
        "submitted_at": entry.submitted_at,
        "confirmation_sent": entry.confirmation_sent_at is not None,
        "email": {
            "subject": email.subject,
            "to": email.to,
            "from": email.from_email,
            "body": email.body.replace(f"/entries/{entry.pk}/", "/entries/N/"),
            "html": html.replace(f"/entries/{entry.pk}/", "/entries/N/"),
            "attachments": [(name, kind) for name, _, kind in email.attachments],
        },
    }


def through_the_pages(entrant, category, answers) -> Entry:
    client = Client()
    client.force_login(entrant)
    client.post(reverse("entries:start", args=[category.pk]))
    entry = Entry.objects.get(entrant=entrant, status="draft")
    client.post(
        reverse("entries:autosave", args=[entry.pk]),
        {**answers, "version": entry.version},
    )
    entry.refresh_from_db()
    response = submit_through_check(client, entry, answers)
    assert response.status_code == 302
    return entry


def through_the_api(entrant, category, answers) -> Entry:
    token = app_sign_in(Client(), entrant.email, "correct horse 42")
    client = Client()
    entry_id = send(client, "post", f"{API}/", {"category": category.pk}, token=token)
    entry_id = entry_id.json()["id"]
    response = send(
        client,
        "put",
        f"{API}/{entry_id}/answers/",
        {"version": 1, "answers": answers},
        token=token,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = send(
            client,
            "post",
            f"{API}/{entry_id}/submit/",
            {"version": response.json()["version"], "agree": True},
            token=token,
        )
    assert response.status_code == 200
    return Entry.objects.get(pk=entry_id)


def test_the_api_and_the_pages_make_identical_entries(entrant, category, frozen):
    answers = {**complete_answers(category), "title": "  Faster scans: “rural” \n"}
    from_pages = snapshot(through_the_pages(entrant, category, answers))
    assert from_pages["reference"] == "PA27-0001"
    assert from_pages["email"]["attachments"] == [("PA27-0001.pdf", "application/pdf")]
    # The same again, from nothing: no entry, no reference given, no email.
    Entry.objects.all().delete()
    ReferenceSequence.objects.all().delete()
    mail.outbox.clear()
    from_api = snapshot(through_the_api(entrant, category, answers))
    assert from_api == from_pages
