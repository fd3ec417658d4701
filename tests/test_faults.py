"""Faults and load: the deadline rush, a database outage, a mail server refusing."""

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client, TestCase
from django.urls import reverse

from base.models import OutgoingEmail
from entries.models import Entry
from tests.entries_helpers import complete_answers, make_draft, make_open_category
from tests.factories import (
    NOW,
    make_entrant,
    make_entry_form,
    make_home,
    make_programme,
)

DEADLINE = NOW + timedelta(hours=1)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the rush is tested on PostgreSQL, as run "
    "in production and by .ci/run",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hundred_entrants_submit_around_the_deadline():
    with time_machine.travel(NOW, tick=False):
        programme = make_programme(make_home())
        category = make_open_category(
            programme, make_entry_form(programme), closes_at=DEADLINE
        )
        clients, entries = [], []
        for i in range(100):
            entrant = make_entrant(f"entrant{i}@example.org")
            entries.append(make_draft(entrant, category, **complete_answers(category)))
            client = Client()
            client.force_login(entrant)
            clients.append(client)

    def submit(index: int) -> int:
        try:
            url = reverse("entries:check", args=[entries[index].pk])
            data = {"agree": "on", "version": 1}
            return clients[index].post(url, data).status_code
        finally:
            connection.close()

    on_time, late = range(60), range(60, 100)
    with ThreadPoolExecutor(max_workers=16) as pool:
        with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
            # Each on-time entrant double-clicks: two submissions at once.
            early = list(pool.map(submit, [*on_time, *on_time]))
        with time_machine.travel(DEADLINE, tick=False):
            after = list(pool.map(submit, late))

    assert all(code < 500 for code in early + after)
    submitted = Entry.objects.filter(status=Entry.Status.SUBMITTED)
    assert sorted(submitted.values_list("pk", flat=True)) == sorted(
        entries[i].pk for i in on_time
    )
    references = sorted(submitted.values_list("reference", flat=True))
    assert references == [f"PA27-{n:04d}" for n in range(1, 61)]
    assert Entry.objects.filter(status=Entry.Status.DRAFT).count() == 40
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"entrant{i}@example.org" for i in on_time
    )


@pytest.fixture
def draft(db, frozen, programme, entry_form):
    return make_draft(
        make_entrant(), make_open_category(programme, entry_form), title="Kept"
    )


def failing_on(statement: str):
    """A database wrapper that drops the connection on one kind of statement."""

    def wrapper(execute, sql, params, many, context):
        if statement in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def test_database_gone_during_autosave_says_so_and_writes_nothing(client, draft):
    client.force_login(draft.entrant)
    url = reverse("entries:autosave", args=[draft.pk])
    with connection.execute_wrapper(failing_on('UPDATE "entries_entry"')):
        response = client.post(
            url, {"title": "New words", "version": 1}, HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 503
    assert response.json()["message"].startswith(
        "Not saved: We could not reach our database just now, so nothing was saved."
    )
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Kept", 1)


def test_database_gone_during_a_form_save_shows_a_clear_page(client, draft):
    client.force_login(draft.entrant)
    url = reverse("entries:detail", args=[draft.pk])
    with connection.execute_wrapper(failing_on('UPDATE "entries_entry"')):
        response = client.post(url, {"title": "New words", "version": 1})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Your text is still in your browser" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Kept"


def test_database_gone_during_submission_leaves_a_draft(client, draft):
    client.force_login(draft.entrant)
    # Answers ready to submit, then "Agree and submit" on the check page.
    Entry.objects.filter(pk=draft.pk).update(answers=complete_answers(draft.category))
    url = reverse("entries:check", args=[draft.pk])
    data = {"agree": "on", "version": 1}
    with connection.execute_wrapper(failing_on("entries_referencesequence")):
        response = client.post(url, data)
    assert response.status_code == 503
    draft.refresh_from_db()
    assert (draft.status, draft.reference, draft.submitted_at) == (
        Entry.Status.DRAFT,
        None,
        None,
    )
    assert mail.outbox == []


def test_mail_server_refusing_keeps_the_submission_and_retries(client, draft, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    client.force_login(draft.entrant)
    # Answers ready to submit, then "Agree and submit" on the check page.
    Entry.objects.filter(pk=draft.pk).update(answers=complete_answers(draft.category))
    url = reverse("entries:check", args=[draft.pk])
    data = {"agree": "on", "version": 1}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    assert response["Location"] == reverse("entries:confirmation", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Entry.Status.SUBMITTED
    # Queued (the immediate backend of the tests tried it at once, and failed).
    assert draft.confirmation_sent_at == NOW
    email = OutgoingEmail.objects.get()
    assert (email.attempts, email.sent_at) == (1, None)
    assert mail.outbox == []

    out = io.StringIO()
    call_command("send_pending_confirmations", stdout=out)
    assert out.getvalue().strip() == "Confirmations queued: 0."

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        call_command("send_queued_emails", stdout=out)
        call_command("send_queued_emails", stdout=out)
    assert out.getvalue().splitlines()[1:] == [
        "Emails sent: 1; still failing: 0.",
        "Emails sent: 0; still failing: 0.",
    ]
    assert [m.to for m in mail.outbox] == [["entrant@example.org"]]


def test_a_confirmation_never_queued_is_queued_by_the_command(client, draft):
    client.force_login(draft.entrant)
    Entry.objects.filter(pk=draft.pk).update(answers=complete_answers(draft.category))
    url = reverse("entries:check", args=[draft.pk])
    # No on-commit callbacks run: as if the process died after the commit.
    client.post(url, {"agree": "on", "version": 1})
    assert Entry.objects.get(pk=draft.pk).confirmation_sent_at is None
    out = io.StringIO()
    call_command("send_pending_confirmations", stdout=out)
    call_command("send_pending_confirmations", stdout=out)
    assert out.getvalue().splitlines() == [
        "Confirmations queued: 1.",
        "Confirmations queued: 0.",
    ]
    assert [m.subject for m in mail.outbox] == [
        "Entry received: PA27-0001, Open Category"
    ]
