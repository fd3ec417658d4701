"""Emails go through the outbox and the task worker, never the request.

A real SMTP server (tests/smtp.py, aiosmtpd) on a loopback port, and
django-tasks-db's worker (``manage.py db_worker --batch``) run in the test's
process, as production runs them.
"""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from base.email import send_templated
from base.models import OutgoingEmail
from base.tasks import deliver_email
from entries.models import Entry
from tests.entries_helpers import complete_answers, make_draft, make_open_category
from tests.factories import (
    NOW,
    make_entrant,
    make_entry_form,
    make_home,
    make_programme,
)
from tests.smtp import LocalSMTP, free_port
from tests.test_entries_accounts import signup_data

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def smtp_settings(settings):
    """Production's way: the database task backend, and SMTP on a loopback
    port that nothing listens on yet (``settings.EMAIL_PORT``)."""
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    return settings


@pytest.fixture
def ready_draft(transactional_db):
    """A complete draft, made at factories.NOW, whose entrant is signed in."""
    with time_machine.travel(NOW, tick=False):
        programme = make_programme(make_home())
        category = make_open_category(programme, make_entry_form(programme))
        entrant = make_entrant()
        draft = make_draft(entrant, category, **complete_answers(category))
        client = Client()
        client.force_login(entrant)
    return client, draft


def submit(client, draft):
    """ "Agree and submit" on the check page."""
    url = reverse("entries:check", args=[draft.pk])
    return client.post(url, {"agree": "on", "version": 1})


def run_worker() -> None:
    """django-tasks-db's worker: every task that is due, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def delivery_tasks() -> list[tuple[str, list, str]]:
    """(status, args, return value) of each delivery task, oldest first."""
    tasks = DBTaskResult.objects.filter(task_path="base.tasks.deliver_email")
    # Under a frozen clock a retry is enqueued at the same moment as the task
    # that scheduled it: the one that ran first is the older.
    order = ["enqueued_at", F("started_at").asc(nulls_last=True)]
    return [
        (task.status, task.args_kwargs["args"], task.return_value)
        for task in tasks.order_by(*order)
    ]


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_submission_is_queued_and_the_worker_sends_it_once(
    smtp_settings, ready_draft
):
    client, draft = ready_draft
    server = LocalSMTP(port=smtp_settings.EMAIL_PORT)
    with server, time_machine.travel(NOW, tick=False):
        response = submit(client, draft)
        assert response.status_code == 302
        assert response["Location"] == reverse("entries:confirmation", args=[draft.pk])
        # The request queued the email and sent nothing.
        assert server.messages == []
        email = OutgoingEmail.objects.get()
        assert (email.template, email.to, email.sent_at) == (
            "entries/email/submitted",
            ["entrant@example.org"],
            None,
        )
        assert delivery_tasks() == [("READY", [email.pk], None)]
        draft.refresh_from_db()
        assert draft.status == Entry.Status.SUBMITTED
        assert draft.confirmation_sent_at == NOW

        run_worker()
        run_worker()
        assert deliver_email.call(email.pk) == "skipped"

    assert len(server.messages) == 1
    message = server.messages[0]
    assert message["To"] == "entrant@example.org"
    assert message["Subject"] == "Entry received: PA27-0001, Open Category"
    assert message["Message-ID"] == email.message_id
    attachments = [
        (part.get_filename(), part.get_content_type())
        for part in message.iter_attachments()
    ]
    assert attachments == [("PA27-0001.pdf", "application/pdf")]
    assert delivery_tasks() == [("SUCCESSFUL", [email.pk], "sent")]
    email.refresh_from_db()
    assert (email.sent_at, email.attempts, email.last_error) == (NOW, 1, "")


def test_a_mail_server_that_is_down_delays_the_email_never_loses_it(
    smtp_settings, ready_draft
):
    client, draft = ready_draft
    server = LocalSMTP(port=smtp_settings.EMAIL_PORT)
    with time_machine.travel(NOW, tick=False):
        # Nothing listens: the submission completes all the same.
        assert submit(client, draft).status_code == 302
        email = OutgoingEmail.objects.get()
        run_worker()
        email.refresh_from_db()
        assert email.sent_at is None
        assert email.attempts == 1
        assert email.last_error.startswith("ConnectionRefusedError")
        assert email.next_attempt_at == NOW + timedelta(seconds=30)
        # The first task succeeded in deciding to retry; the retry waits.
        assert delivery_tasks() == [
            ("SUCCESSFUL", [email.pk], "retry"),
            ("READY", [email.pk], None),
        ]
        assert DBTaskResult.objects.get(status="READY").run_after == (
            NOW + timedelta(seconds=30)
        )

    # Still down at the first retry: the next one waits longer (back-off).
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        run_worker()
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.next_attempt_at == NOW + timedelta(seconds=30 + 120)

    with server:
        # Up again, but the retry is not due yet: nothing goes early.
        with time_machine.travel(NOW + timedelta(seconds=60), tick=False):
            run_worker()
            assert server.messages == []
        with time_machine.travel(NOW + timedelta(seconds=150), tick=False):
            run_worker()
            run_worker()
    assert [m["Subject"] for m in server.messages] == [
        "Entry received: PA27-0001, Open Category"
    ]
    assert [status for status, _, _ in delivery_tasks()] == ["SUCCESSFUL"] * 3
    email.refresh_from_db()
    assert email.sent_at == NOW + timedelta(seconds=150)
    assert email.attempts == 3


def test_an_email_held_by_a_dead_worker_is_sent_once_its_claim_expires(
    smtp_settings, ready_draft, settings
):
    client, draft = ready_draft
    with LocalSMTP(port=smtp_settings.EMAIL_PORT) as server:
        with time_machine.travel(NOW, tick=False):
            submit(client, draft)
            email = OutgoingEmail.objects.get()
            # A worker claimed it, then died before it could send.
            OutgoingEmail.objects.update(claimed_until=NOW + timedelta(minutes=5))
            run_worker()
            assert delivery_tasks() == [("SUCCESSFUL", [email.pk], "skipped")]
        out = io.StringIO()
        with time_machine.travel(NOW + timedelta(minutes=4), tick=False):
            call_command("send_queued_emails", stdout=out)
        with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
            call_command("send_queued_emails", stdout=out)
            call_command("send_queued_emails", stdout=out)
    assert out.getvalue().splitlines() == [
        "Emails sent: 0; still failing: 0.",
        "Emails sent: 1; still failing: 0.",
        "Emails sent: 0; still failing: 0.",
    ]
    assert [m["Message-ID"] for m in server.messages] == [email.message_id]


def test_allauth_emails_go_through_the_outbox(client, settings, home):
    settings.TASKS = DATABASE_TASKS
    response = client.post(
        reverse("account_signup"),
        signup_data(email="new@example.org"),
    )
    assert response.status_code == 302
    assert mail.outbox == []
    email = OutgoingEmail.objects.get()
    assert (email.template, email.to) == (
        "account/email/email_confirmation_signup",
        ["new@example.org"],
    )
    assert email.subject == "Confirm your email address to finish registering"
    run_worker()
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert mail.outbox[0].subject == email.subject
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id


def test_the_immediate_backend_sends_at_once(db, settings):
    """``make run`` and the tests: queued and sent in the same call."""
    email = send_templated(
        "entries/email/staff_account_deleted",
        {"references": ["PA27-0001"]},
        "Entries deleted",
        ["staff@example.org"],
    )
    assert [m.subject for m in mail.outbox] == ["Entries deleted"]
    email.refresh_from_db()
    assert email.sent_at is not None
    assert DBTaskResult.objects.count() == 0


def test_the_task_backend_is_named_by_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.settings.base import task_settings

    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    immediate = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    monkeypatch.delenv("TASK_BACKEND", raising=False)
    # Production's default is the database; `make run`'s, at once.
    assert task_settings("database") == database
    assert task_settings("immediate") == immediate
    monkeypatch.setenv("TASK_BACKEND", "immediate")
    assert task_settings("database") == immediate
    monkeypatch.setenv("TASK_BACKEND", "celery")
    with pytest.raises(ImproperlyConfigured) as refused:
        task_settings("database")
    assert str(refused.value) == (
        "TASK_BACKEND is 'celery': it must be one of immediate, database."
    )
