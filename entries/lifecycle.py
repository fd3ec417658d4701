"""Every change of an entry's state, each one function in a transaction.

Views and admin actions call these; nothing else writes ``Entry.status``,
``Entry.version`` or ``Entry.reference``. Whether a category takes entries is
asked of ``categories.status.category_status``, at the moment of the change.
"""

import logging
import smtplib

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from categories.status import category_status

from .models import Entry, EntryStatus, ReferenceSequence
from .questions import TITLE_KEY

logger = logging.getLogger(__name__)


class EntryRefused(Exception):
    """The change cannot be made; ``message`` says why, for the entrant."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleVersion(EntryRefused):
    """The entry was saved elsewhere (another tab) since this copy was loaded."""

    def __init__(self, current: Entry):
        saved = timezone.localtime(current.updated_at).strftime("%H:%M:%S")
        super().__init__(
            f"This entry was changed in another tab or window at {saved}, so "
            "your changes here have not been saved. Your text is still below; "
            "the saved text is shown with each answer that differs."
        )
        self.current = current


def closed_message(category) -> str:
    """What an entrant is told when the category no longer takes entries."""
    status = category_status(category)
    return (
        f"{category.title} is not open for entries ({status.message.lower()}), "
        "so this entry can no longer be changed or submitted."
    )


def ensure_open(entry_or_category, now=None) -> None:
    """Refuse unless the category takes entries at ``now``."""
    category = getattr(entry_or_category, "category", entry_or_category)
    if not category_status(category, now=now).is_open:
        raise EntryRefused(closed_message(category))


@transaction.atomic
def start_entry(user, category, now=None) -> Entry:
    """The entrant's draft for ``category``: the one they have, or a new one."""
    ensure_open(category, now)
    if category.entry_form is None:
        raise EntryRefused(f"{category.title} has no entry form yet.")
    existing = Entry.objects.filter(
        entrant=user, category=category, status=EntryStatus.DRAFT
    ).first()
    if existing:
        return existing
    return Entry.objects.create(
        entrant=user, category=category, entry_form=category.entry_form
    )


def save_draft(entry: Entry, answers: dict, version: int, now=None) -> Entry:
    """Save answers as they are, unless another copy was saved since ``version``.

    Never refuses for missing answers or word limits: those wait for submission.
    The transaction holds one conditional UPDATE, which writes only if the
    entry is still a draft at ``version``: two tabs or two workers can never
    both win. The state is asked before it, so that the write (and SQLite's
    lock) lasts no longer than it must. What was written is set on ``entry``
    rather than read back; a refused save reads the entry as it now is.
    """
    if not entry.is_draft:
        raise EntryRefused("This entry has been submitted and can no longer change.")
    ensure_open(entry, now)
    title = str(answers.get(TITLE_KEY, ""))[:200]
    saved_at = timezone.now()
    with transaction.atomic():
        changed = Entry.objects.filter(
            pk=entry.pk, status=EntryStatus.DRAFT, version=version
        ).update(
            answers=answers, title=title, version=F("version") + 1, updated_at=saved_at
        )
    if not changed:
        entry.refresh_from_db()
        raise StaleVersion(entry)
    entry.answers, entry.title, entry.updated_at = answers, title, saved_at
    entry.version = version + 1
    return entry


def next_reference(entry: Entry) -> str:
    """The next reference for the entry's programme, e.g. "PA27-0042".

    The counter row is updated before it is read, so the database makes
    concurrent submissions wait in turn and no two get the same number.
    """
    programme = entry.category.get_programme()
    year = timezone.localtime(programme.closes_at).strftime("%y") if programme else "00"
    prefix = f"{settings.ENTRY_REFERENCE_PREFIX}{year}"
    ReferenceSequence.objects.get_or_create(prefix=prefix)
    ReferenceSequence.objects.filter(prefix=prefix).update(
        last_number=F("last_number") + 1
    )
    number = ReferenceSequence.objects.get(prefix=prefix).last_number
    return f"{prefix}-{number:04d}"


def submit_entry(entry: Entry, answers: dict, version: int, now=None) -> bool:
    """Submit a draft whose answers have passed the entry form's checks.

    Returns True if this call submitted it, False if it was already submitted
    (a double click or a resent form): one submission, one email.
    """
    if entry.status == EntryStatus.SUBMITTED:
        return False
    if not EmailAddress.objects.filter(user=entry.entrant, verified=True).exists():
        raise EntryRefused(
            "Confirm your email address before you submit: use the link in the "
            "email we sent you, or ask for a new one from your account page."
        )
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status == EntryStatus.SUBMITTED:
            return False
        if locked.status != EntryStatus.DRAFT:
            raise EntryRefused("This entry has been withdrawn.")
        ensure_open(locked, now)
        if locked.version != version:
            raise StaleVersion(locked)
        submitted = Entry.objects.filter(pk=entry.pk, status=EntryStatus.DRAFT).update(
            answers=answers,
            title=str(answers.get(TITLE_KEY, ""))[:200],
            status=EntryStatus.SUBMITTED,
            reference=next_reference(locked),
            submitted_at=timezone.now(),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not submitted:
            transaction.set_rollback(True)  # give back the reference number
            return False
        transaction.on_commit(lambda: send_confirmation(entry.pk))
    entry.refresh_from_db()
    return True


def send_confirmation(entry_pk: int) -> bool:
    """Email the entrant their reference; say whether it went.

    A failure is logged and the entry stands: ``send_pending_confirmations``
    (cron) tries again until the mail server takes it.
    """
    entry = Entry.objects.select_related("entrant", "category").get(pk=entry_pk)
    context = {"entry": entry, "status": category_status(entry.category)}
    message = EmailMultiAlternatives(
        subject=f"Entry received: {entry.reference}, {entry.category.title}",
        body=render_to_string("entries/email/submitted.txt", context),
        to=[entry.entrant.email],
    )
    message.attach_alternative(
        render_to_string("entries/email/submitted.html", context), "text/html"
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the confirmation of entry %s", entry.reference)
        return False
    Entry.objects.filter(pk=entry_pk).update(confirmation_sent_at=timezone.now())
    return True
