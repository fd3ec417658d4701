"""Deadline reminders: which drafts are due one, and sending each exactly once."""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from categories.models import ProgrammePage
from categories.status import CategoryStatus, category_status

from .lifecycle import send_entry_email
from .models import Entry, EntryReminder

logger = logging.getLogger(__name__)


def drafts_due_reminder(days: int, now: datetime | None = None):
    """(entry, status) for each draft whose deadline falls within ``days`` days.

    The deadline is the one the entrant sees: the category's, or the entry's
    own extension (both from ``category_status``). Drafts of categories that
    are not open, or that close later, are left out.
    """
    now = now or timezone.now()
    window = timedelta(days=days)
    drafts = list(
        Entry.objects.filter(status=Entry.Status.DRAFT)
        .select_related("category__entry_form", "entrant")
        .order_by("pk")
    )
    programmes = ProgrammePage.objects.for_categories(e.category for e in drafts)
    for entry in drafts:
        status = category_status(
            entry.category,
            now=now,
            programme=programmes[entry.category_id],
            entry=entry,
        )
        if status.is_open and status.closes_at and status.closes_at - now <= window:
            yield entry, status


def send_reminder(entry: Entry, status: CategoryStatus) -> bool:
    """Queue the entrant's reminder once for this deadline; False if already reminded.

    The reminder is claimed (a row unique per entry and deadline) in the same
    transaction as the email is queued, so two runs at once queue one email;
    the outbox then sends it, retrying while the mail server is down.
    """
    subject = "Reminder: your entry for {entry.category.title} is not submitted yet"
    try:
        with transaction.atomic():
            EntryReminder.objects.create(entry=entry, deadline=status.closes_at)
            send_entry_email(entry.pk, "reminder", subject)
    except IntegrityError:
        return False
    return True
