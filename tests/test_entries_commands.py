"""The entries staff's commands: deadline reminders and the retention purge."""

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from base.models import OutgoingEmail
from entries.management.commands import send_deadline_reminders
from entries.models import (
    Entry,
    EntryDocument,
    EntryReminder,
    private_storage,
)
from entries.retention import months_before
from tests.entries_helpers import (
    add_document,
    make_draft,
    make_open_category,
    make_staff,
    make_submitted,
)
from tests.factories import NOW, make_entrant, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

LONDON = ZoneInfo("Europe/London")


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


# Reminders


@pytest.fixture
def drafts(programme, entry_form):
    """Drafts in a category closing in two days, one closing in a month, and a
    closed category where one entry has an extension to tomorrow."""
    soon = make_open_category(
        programme, entry_form, "soon", title="Soon", closes_at=NOW + timedelta(days=2)
    )
    later = make_open_category(programme, entry_form, "later", title="Later")
    closed = make_open_category(
        programme,
        entry_form,
        "closed",
        title="Closed",
        closes_at=NOW - timedelta(days=1),
    )
    ada = make_entrant("ada@example.org")
    bob = make_entrant("bob@example.org")
    extended = make_draft(bob, closed, title="Extended")
    Entry.objects.filter(pk=extended.pk).update(extended_until=NOW + timedelta(days=1))
    withdrawn = make_draft(bob, soon, title="Withdrawn")
    Entry.objects.filter(pk=withdrawn.pk).update(status=Entry.Status.WITHDRAWN)
    return {
        "soon": make_draft(ada, soon, title="Due soon"),
        "submitted": make_submitted(bob, soon, "PA27-0001", NOW, title="Done"),
        "withdrawn": withdrawn,
        "later": make_draft(ada, later, title="Due later"),
        "extended": Entry.objects.get(pk=extended.pk),
        "closed": make_draft(ada, closed, title="Too late"),
    }


def test_reminders_go_to_drafts_closing_soon_once(drafts):
    output = run("send_deadline_reminders")
    soon, extended = drafts["soon"], drafts["extended"]
    assert output.splitlines() == [
        f"Reminded bob@example.org about Draft {extended.pk}: Extended (Closed), "
        "due Tuesday 2 March 2027, 12pm",
        f"Reminded ada@example.org about Draft {soon.pk}: Due soon (Soon), "
        "due Wednesday 3 March 2027, 12pm",
        "2 reminders sent.",
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bob@example.org"], "Reminder: your entry for Closed is not submitted yet"),
        (["ada@example.org"], "Reminder: your entry for Soon is not submitted yet"),
    ]
    body = mail.outbox[1].body
    assert "Deadline: Wednesday 3 March 2027, 12pm (UK time, 2 days left)" in body
    assert f"http://localhost/entries/{soon.pk}/" in body
    assert mail.outbox[1].alternatives[0].mimetype == "text/html"
    assert list(
        EntryReminder.objects.order_by("pk").values_list("entry", "deadline")
    ) == [
        (extended.pk, NOW + timedelta(days=1)),
        (soon.pk, NOW + timedelta(days=2)),
    ]

    # Run every hour from cron: nobody hears twice.
    mail.outbox.clear()
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert run("send_deadline_reminders") == "0 reminders sent.\n"
    assert mail.outbox == []


def test_a_new_deadline_earns_a_new_reminder(drafts):
    run("send_deadline_reminders")
    mail.outbox.clear()
    extended = drafts["extended"]
    Entry.objects.filter(pk=extended.pk).update(
        extended_until=NOW + timedelta(days=2, hours=6)
    )
    output = run("send_deadline_reminders")
    assert output.splitlines()[-1] == "1 reminder sent."
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]


def test_days_option_narrows_the_window(drafts):
    output = run("send_deadline_reminders", "--days", "1")
    assert output.splitlines() == [
        f"Reminded bob@example.org about Draft {drafts['extended'].pk}: Extended "
        "(Closed), due Tuesday 2 March 2027, 12pm",
        "1 reminder sent.",
    ]


def test_days_default_comes_from_settings(drafts, settings):
    settings.ENTRY_REMINDER_DAYS = 1
    parser = send_deadline_reminders.Command().create_parser("manage.py", "x")
    assert parser.parse_args([]).days == 1


def test_days_must_be_positive():
    with pytest.raises(CommandError, match="--days must be 1 or more."):
        run("send_deadline_reminders", "--days", "0")


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failed_email_stays_queued_and_is_sent_later_once(drafts, settings):
    settings.EMAIL_BACKEND = "tests.test_entries_commands.FailingBackend"
    assert run("send_deadline_reminders").splitlines()[-1] == "2 reminders sent."
    # Queued once, tried once; a second run queues none.
    assert sorted(OutgoingEmail.objects.values_list("attempts", "sent_at")) == [
        (1, None),
        (1, None),
    ]
    assert run("send_deadline_reminders") == "0 reminders sent.\n"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        assert run("send_queued_emails") == "Emails sent: 2; still failing: 0.\n"
        assert run("send_queued_emails") == "Emails sent: 0; still failing: 0.\n"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.org",
        "bob@example.org",
    ]


# Purge


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2027, 3, 31, 9, 0, tzinfo=UTC), 1, datetime(2027, 2, 28, 9, 0)),
        (datetime(2028, 3, 31, 9, 0, tzinfo=UTC), 1, datetime(2028, 2, 29, 9, 0)),
        (datetime(2027, 5, 31, 9, 0, tzinfo=UTC), 3, datetime(2027, 2, 28, 9, 0)),
        (datetime(2027, 1, 15, 9, 0, tzinfo=UTC), 1, datetime(2026, 12, 15, 9, 0)),
        (datetime(2027, 3, 1, 12, 0, tzinfo=UTC), 12, datetime(2026, 3, 1, 12, 0)),
        (datetime(2027, 3, 1, 12, 0, tzinfo=UTC), 25, datetime(2025, 2, 1, 12, 0)),
    ],
)
def test_months_before_is_calendar_exact(moment, months, expected):
    assert months_before(moment, months) == expected.replace(tzinfo=UTC)


def test_months_before_keeps_uk_wall_clock_time_across_clock_changes():
    summer = datetime(2027, 7, 1, 17, 0, tzinfo=LONDON)  # 16:00 UTC (BST)
    winter = months_before(summer, 6)
    assert winter.isoformat() == "2027-01-01T17:00:00+00:00"  # GMT


@pytest.fixture
def archive(home, programme, entry_form):
    """Entries of a programme closed 13 months ago, and of one closed 11 ago."""
    old = make_programme(
        home,
        "awards-2025",
        title="Awards 2025",
        opens_at=NOW - timedelta(days=500),
        closes_at=datetime(2026, 2, 1, 17, 0, tzinfo=UTC),
    )
    recent = make_programme(
        home,
        "awards-2026",
        title="Awards 2026",
        opens_at=NOW - timedelta(days=450),
        closes_at=datetime(2026, 4, 1, 16, 0, tzinfo=UTC),
    )
    old_category = make_open_category(old, entry_form, "old", title="Old category")
    recent_category = make_open_category(recent, entry_form, "recent", title="Recent")
    current_category = make_open_category(programme, entry_form, "current")
    ada = make_entrant("ada@example.org")
    submitted = make_submitted(ada, old_category, "PA25-0001", NOW, title="Kept?")
    document = add_document(submitted, "old.pdf", content=b"%PDF-1.4 old")
    draft = make_draft(ada, old_category, title="Never submitted")
    EntryReminder.objects.create(entry=draft, deadline=old.closes_at)
    log(
        instance=submitted,
        action="entries.reopen",
        user=make_staff("Entries team", "e"),
    )
    return {
        "submitted": submitted,
        "draft": draft,
        "document": document,
        "file": document.file.name,
        "kept": [
            make_submitted(ada, recent_category, "PA26-0001", NOW).pk,
            make_draft(ada, current_category).pk,
        ],
    }


def test_purge_dry_run_lists_and_changes_nothing(archive):
    output = run("purge_entries", "--older-than-months", "12", "--dry-run")
    assert output.splitlines() == [
        "Would delete PA25-0001 (Old category), 1 document",
        f"Would delete draft {archive['draft'].pk} (Old category), 0 documents",
        "Would delete 2 entries and 1 document of programmes closed before "
        "Sunday 1 March 2026, 12pm.",
    ]
    assert Entry.objects.count() == 4
    assert EntryDocument.objects.count() == 1
    assert EntryReminder.objects.count() == 1
    assert ModelLogEntry.objects.count() == 1
    assert private_storage().exists(archive["file"])


def test_purge_deletes_entries_documents_files_and_their_traces(
    archive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("purge_entries", "--older-than-months", "12")
    assert output.splitlines() == [
        "Deleted PA25-0001 (Old category), 1 document",
        f"Deleted draft {archive['draft'].pk} (Old category), 0 documents",
        "Deleted 2 entries and 1 document of programmes closed before "
        "Sunday 1 March 2026, 12pm.",
    ]
    assert sorted(Entry.objects.values_list("pk", flat=True)) == sorted(archive["kept"])
    assert not EntryDocument.objects.exists()
    assert not EntryReminder.objects.exists()
    assert not ModelLogEntry.objects.exists()
    assert not private_storage().exists(archive["file"])

    # Nothing left to do: a second run deletes nothing.
    assert run("purge_entries", "--older-than-months", "12").splitlines() == [
        "Deleted 0 entries and 0 documents of programmes closed before "
        "Sunday 1 March 2026, 12pm."
    ]


def test_purge_counts_months_from_the_programmes_deadline(archive):
    # Awards 2026 closed on 1 April 2026: eleven months before NOW.
    output = run("purge_entries", "--older-than-months", "10", "--dry-run")
    assert output.splitlines()[-1] == (
        "Would delete 3 entries and 1 document of programmes closed before "
        "Friday 1 May 2026, 12pm."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--older-than-months", "0"], "--older-than-months must be 1 or more."),
        ([], "the following arguments are required: --older-than-months"),
    ],
)
def test_purge_needs_a_positive_number_of_months(args, message):
    with pytest.raises(CommandError, match=message):
        run("purge_entries", *args)
