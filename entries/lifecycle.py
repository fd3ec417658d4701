"""Every change of an entry's state, each one function in a transaction.

Views and admin actions call these; nothing else writes ``Entry.status``,
``Entry.version``, ``Entry.reference`` or an entry's extension. The staff's
changes (reopen, withdraw, extension) are recorded in Wagtail's audit log with
who made them; their actions are registered in ``entries/wagtail_hooks.py``.
Whether a category takes entries is asked of
``categories.status.category_status`` (with the entry, for its extension), at
the moment of the change.

Transactions are ``with transaction.atomic()`` blocks, not the decorator:
mutmut skips decorated functions, so a decorated rule would never be mutated.
"""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from base.email import send_templated
from base.times import format_moment
from categories.status import category_status

from .documents import add_document
from .models import Entry, EntryDocument, ReferenceSequence
from .questions import TITLE_KEY
from .record import RecordFailed, answers_fingerprint, record_filename, record_pdf
from .retention import delete_files

logger = logging.getLogger(__name__)

# The group the roles migration creates for the staff who handle entries.
ENTRIES_TEAM = "Entries team"

# The statuses each change may be made from. The admin's buttons and views, the
# entrants' views and the refusals below all ask this table (through
# ``allows``), so a status never allows an action in one place only.
ALLOWED_FROM = {
    "save": (Entry.Status.DRAFT,),
    "submit": (Entry.Status.DRAFT,),
    "reopen": (Entry.Status.SUBMITTED,),
    "withdraw": (Entry.Status.DRAFT, Entry.Status.SUBMITTED),
    "extend": (Entry.Status.DRAFT, Entry.Status.SUBMITTED),
    # The entrant's own: delete a draft, withdraw a submitted entry.
    "delete": (Entry.Status.DRAFT,),
    "withdraw_own": (Entry.Status.SUBMITTED,),
}


def allows(entry: Entry, action: str) -> bool:
    """Whether the entry's status allows ``action`` (a key of ``ALLOWED_FROM``).

    A draft that has a reference was submitted once and reopened by staff: it
    keeps its record, so it is never deleted.
    """
    if action == "delete" and entry.reference:
        return False
    return entry.status in ALLOWED_FROM[action]


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


def ensure_open(entry_or_category, now=None) -> None:
    """Refuse unless the category takes entries at ``now``.

    Given an entry, its own extension counts: it may be saved and submitted
    until its extended deadline while the category is closed to others.
    """
    entry = entry_or_category if isinstance(entry_or_category, Entry) else None
    category = entry.category if entry else entry_or_category
    status = category_status(category, now=now, entry=entry)
    if not status.is_open:
        raise EntryRefused(
            f"{category.title} is not open for entries ({status.message.lower()}), "
            "so this entry can no longer be changed or submitted."
        )


def start_entry(user, category, now=None) -> Entry:
    """The entrant's draft for ``category``: the one they have, or a new one."""
    with transaction.atomic():
        ensure_open(category, now)
        if category.entry_form is None:
            raise EntryRefused(f"{category.title} has no entry form yet.")
        existing = Entry.objects.filter(
            entrant=user, category=category, status=Entry.Status.DRAFT
        ).first()
        if existing:
            return existing
        return Entry.objects.create(
            entrant=user, category=category, entry_form=category.entry_form
        )


def entry_title(answers: dict) -> str:
    """The entry's title, as listed to staff: the title answer, cut to the column."""
    return str(answers.get(TITLE_KEY, ""))[: Entry._meta.get_field("title").max_length]


def save_draft(entry: Entry, answers: dict, version: int, now=None) -> Entry:
    """Save answers as they are, unless another copy was saved since ``version``.

    Never refuses for missing answers or word limits: those wait for submission.
    The transaction holds one conditional UPDATE, which writes only if the
    entry is still a draft at ``version``: two tabs or two workers can never
    both win. The state is asked before it, so that the write (and SQLite's
    lock) lasts no longer than it must. What was written is set on ``entry``
    rather than read back; a refused save reads the entry as it now is.
    """
    ensure_editable(entry, now)
    title = entry_title(answers)
    saved_at = timezone.now()
    with transaction.atomic():
        changed = Entry.objects.filter(
            pk=entry.pk, status=Entry.Status.DRAFT, version=version
        ).update(
            answers=answers, title=title, version=F("version") + 1, updated_at=saved_at
        )
    if not changed:
        entry.refresh_from_db()
        raise StaleVersion(entry)
    entry.answers, entry.title, entry.updated_at = answers, title, saved_at
    entry.version = version + 1
    return entry


def ensure_editable(entry: Entry, now=None) -> None:
    """Refuse unless the entrant may change the entry now: a draft, while open."""
    if not allows(entry, "save"):
        raise EntryRefused("This entry has been submitted and can no longer change.")
    ensure_open(entry, now)


def add_entry_document(entry: Entry, upload, now=None) -> EntryDocument:
    """Add an uploaded document to a draft that may change; the checks of
    ``documents.add_document`` (type by content, size, number) apply."""
    ensure_editable(entry, now)
    return add_document(entry, upload)


def remove_entry_document(entry: Entry, document_pk: int, now=None) -> EntryDocument:
    """Remove one of a changeable draft's documents, and its file.

    Raises ``EntryDocument.DoesNotExist`` if the entry has no such document.
    """
    ensure_editable(entry, now)
    document = entry.documents.get(pk=document_pk)
    document.file.delete(save=False)
    document.delete()
    return document


def next_reference(entry: Entry) -> str:
    """The next reference for the entry's programme, e.g. "PA27-0042".

    The counter row is updated before it is read, so the database makes
    concurrent submissions wait in turn and no two get the same number.
    """
    # A category always sits under its programme (parent_page_types).
    closes_at = entry.category.get_programme().closes_at
    year = timezone.localtime(closes_at).strftime("%y")
    prefix = f"{settings.ENTRY_REFERENCE_PREFIX}{year}"
    ReferenceSequence.objects.get_or_create(prefix=prefix)
    ReferenceSequence.objects.filter(prefix=prefix).update(
        last_number=F("last_number") + 1
    )
    number = ReferenceSequence.objects.get(prefix=prefix).last_number
    return f"{prefix}-{number:04d}"


def submit_entry(entry: Entry, answers: dict, version: int, now=None) -> bool:
    """Submit a draft whose answers have passed the entry form's checks.

    The entrant has agreed to the entry form's declaration (the check page
    asks); the entry keeps its wording as it was at that moment. Returns True
    if this call submitted it, False if it was already submitted (a double
    click or a resent form): one submission, one email.
    """
    if entry.status == Entry.Status.SUBMITTED:
        return False
    if not EmailAddress.objects.filter(user=entry.entrant, verified=True).exists():
        raise EntryRefused(
            "Confirm your email address before you submit: use the link in the "
            "email we sent you, or ask for a new one from your account page."
        )
    with transaction.atomic():
        locked = (
            Entry.objects.select_for_update(of=("self",))
            .select_related("entry_form")
            .get(pk=entry.pk)
        )
        if locked.status == Entry.Status.SUBMITTED:
            return False
        if not allows(locked, "submit"):
            raise EntryRefused("This entry has been withdrawn.")
        ensure_open(locked, now)
        if locked.version != version:
            raise StaleVersion(locked)
        # The status filter guards SQLite, whose select_for_update locks
        # nothing: a rival submit waits at this UPDATE, then finds no draft.
        # On PostgreSQL the lock above already decided (docs/testing.md).
        draft = Entry.objects.filter(
            pk=entry.pk,
            status=Entry.Status.DRAFT,  # pragma: no mutate
        )
        submitted = draft.update(
            answers=answers,
            title=entry_title(answers),
            status=Entry.Status.SUBMITTED,
            # A reopened entry keeps the reference it was first given.
            reference=locked.reference or next_reference(locked),
            submitted_at=timezone.now(),
            declaration=locked.entry_form.declaration,
            answers_sha256=answers_fingerprint(answers),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not submitted:  # pragma: no mutate
            transaction.set_rollback(True)  # pragma: no mutate
            return False  # pragma: no mutate
        transaction.on_commit(lambda: send_confirmation(entry.pk))
    entry.refresh_from_db()
    return True


def send_confirmation(entry_pk: int) -> bool:
    """Queue the entrant's email with their reference and the PDF copy.

    ``confirmation_sent_at`` records when it went to the outbox, which sends it
    (and retries it) from the task worker (``base/email.py``). Only an entry
    whose submission committed but whose email was never queued (a process
    that died in between) is left for ``send_pending_confirmations``.
    """
    subject = "Entry received: {entry.reference}, {entry.category.title}"
    with transaction.atomic():
        if not send_entry_email(entry_pk, "submitted", subject, with_record=True):
            return False
        Entry.objects.filter(pk=entry_pk).update(confirmation_sent_at=timezone.now())
    return True


def entry_url(entry: Entry) -> str:
    """The entry's page as a full address, on the default site, for emails."""
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else ""
    return root + reverse("entries:detail", args=[entry.pk])


def send_entry_email(
    entry_pk: int, template: str, subject: str, with_record=False
) -> bool:
    """Queue ``template`` (.txt and .html) for the entrant; the worker sends it.

    ``with_record`` attaches the entry's PDF copy of record.
    """
    entry = Entry.objects.select_related("entrant", "category").get(pk=entry_pk)
    context = {
        "entry": entry,
        "status": category_status(entry.category, entry=entry),
        "entry_url": entry_url(entry),
    }
    attachments = []
    if with_record:
        try:
            attachments.append(
                (record_filename(entry), record_pdf(entry), "application/pdf")
            )
        except RecordFailed:
            # The email still goes: the entry page offers the PDF.
            logger.exception("Could not make the PDF of entry %s", entry)
    return send_templated(
        f"entries/email/{template}",
        context,
        subject.format(entry=entry),
        [entry.entrant.email],
        attachments,
    )


def staff_change(entry: Entry, from_statuses, **changes) -> Entry:
    """Apply ``changes`` if the entry is still in one of ``from_statuses``.

    The conditional update means two people acting at once (two staff, or
    staff and the entrant) make one change; the loser is told what the entry
    has become. ``version`` and ``updated_at``
    are the entrant's (their open tab and "last saved"), so they stay as they are.
    """
    changed = Entry.objects.filter(pk=entry.pk, status__in=from_statuses).update(
        **changes
    )
    entry.refresh_from_db()
    if not changed:
        raise EntryRefused(f"{entry} is now {entry.get_status_display().lower()}.")
    return entry


def reopen_entry(entry: Entry, by_user) -> Entry:
    """Make a submitted entry a draft again, and tell the entrant by email.

    It keeps its reference. Whether the entrant can change it is still the
    deadline's (or an extension's) say.
    """
    with transaction.atomic():
        if not allows(entry, "reopen"):
            raise EntryRefused(
                f"Only a submitted entry can be reopened: {entry} is not."
            )
        submitted_at, fingerprint = entry.submitted_at, entry.answers_sha256
        entry = staff_change(
            entry,
            ALLOWED_FROM["reopen"],
            status=Entry.Status.DRAFT,
            submitted_at=None,
            answers_sha256="",
        )
        # The audit log keeps what the reopened submission was.
        log(
            instance=entry,
            action="entries.reopen",
            user=by_user,
            data={
                "reference": entry.reference,
                "submitted_at": submitted_at.isoformat() if submitted_at else None,
                "answers_sha256": fingerprint,
            },
        )
        transaction.on_commit(
            lambda: send_entry_email(
                entry.pk, "reopened", "Your entry {entry.reference} has been reopened"
            )
        )
        return entry


def withdraw_entry(entry: Entry, by_user) -> Entry:
    """Withdraw a draft or submitted entry, and tell the entrant by email.

    It stays readable, and is never judged.
    """
    with transaction.atomic():
        if not allows(entry, "withdraw"):
            raise EntryRefused(f"{entry} has already been withdrawn.")
        previous = entry.status
        entry = staff_change(
            entry, ALLOWED_FROM["withdraw"], status=Entry.Status.WITHDRAWN
        )
        log(
            instance=entry,
            action="entries.withdraw",
            user=by_user,
            data={"previous_status": previous},
        )
        transaction.on_commit(
            lambda: send_entry_email(
                entry.pk,
                "withdrawn",
                "Your entry for {entry.category.title} has been withdrawn",
            )
        )
        return entry


def grant_extension(entry: Entry, until, reason: str, by_user, now=None) -> Entry:
    """Give one entry a later deadline than its category's; email the entrant.

    Refused for a withdrawn entry, for a moment already past, and for one no
    later than the category's own deadline (which would change nothing).
    """
    with transaction.atomic():
        now = now or timezone.now()
        if not allows(entry, "extend"):
            raise EntryRefused(f"{entry} has been withdrawn and cannot be extended.")
        if until <= now:
            raise EntryRefused("The extended deadline must be in the future.")
        category_deadline = category_status(entry.category, now=now).closes_at
        if category_deadline is None:
            raise EntryRefused(f"{entry.category.title} has no deadline to extend.")
        if until <= category_deadline:
            raise EntryRefused(
                "The extended deadline must be after the category's deadline, "
                f"{format_moment(category_deadline)}."
            )
        entry = staff_change(
            entry,
            ALLOWED_FROM["extend"],
            extended_until=until,
            extension_reason=reason,
            extended_by=by_user,
        )
        log(
            instance=entry,
            action="entries.extend",
            user=by_user,
            data={"until": until.isoformat(), "reason": reason},
        )
        transaction.on_commit(
            lambda: send_entry_email(
                entry.pk,
                "extended",
                "Your deadline for {entry.category.title} has been extended",
            )
        )
        return entry


def entries_team_emails() -> list[str]:
    """The addresses of the active members of the Entries team group."""
    users = (
        get_user_model()
        .objects.filter(groups__name=ENTRIES_TEAM, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_staff(entry_pk: int, template: str, subject: str) -> bool:
    """Queue ``template`` for the entries team about an entry; False if nobody
    is in the team."""
    recipients = entries_team_emails()
    if not recipients:
        return False
    entry = Entry.objects.select_related("entrant__entrant", "category").get(
        pk=entry_pk
    )
    context = {
        "entry": entry,
        "profile": getattr(entry.entrant, "entrant", None),
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + f"/admin/entries/inspect/{entry.pk}/",
    }
    return send_templated(
        f"entries/email/{template}", context, subject.format(entry=entry), recipients
    )


def delete_draft(entry: Entry, by_user) -> None:
    """Delete the entrant's draft, its answers and documents; the audit log keeps who.

    Only a draft that was never submitted (see ``allows``). Files go once the
    transaction has committed.
    """
    with transaction.atomic():
        if not allows(entry, "delete"):
            raise EntryRefused(
                "Only a draft that has never been submitted can be deleted."
            )
        files = [document.file.name for document in entry.documents.all()]
        log(
            instance=entry,
            action="entries.delete",
            user=by_user,
            data={"category": entry.category.title},
        )
        deleted, _ = Entry.objects.filter(
            pk=entry.pk, status=Entry.Status.DRAFT, reference__isnull=True
        ).delete()
        if not deleted:
            raise EntryRefused(
                "This entry is no longer a draft, so it was not deleted."
            )
        transaction.on_commit(lambda: delete_files(files))


def withdraw_own_entry(entry: Entry, by_user, now=None) -> Entry:
    """The entrant withdraws their submitted entry, before its deadline.

    It is never judged, stays readable and keeps its reference; the entries
    team is emailed, and the audit log records who withdrew it.
    """
    with transaction.atomic():
        if not allows(entry, "withdraw_own"):
            raise EntryRefused("Only a submitted entry can be withdrawn.")
        if not category_status(entry.category, now=now, entry=entry).is_open:
            raise EntryRefused(
                "The deadline has passed, so you can no longer withdraw this entry "
                "here. Contact the awards team if you need to."
            )
        entry = staff_change(
            entry, ALLOWED_FROM["withdraw_own"], status=Entry.Status.WITHDRAWN
        )
        log(
            instance=entry,
            action="entries.withdraw",
            user=by_user,
            data={"previous_status": Entry.Status.SUBMITTED, "by_entrant": True},
        )
        transaction.on_commit(
            lambda: notify_staff(
                entry.pk,
                "staff_withdrawn",
                "Entry withdrawn by its entrant: "
                "{entry.reference}, {entry.category.title}",
            )
        )
        return entry


def delete_account(user) -> list[str]:
    """Delete an entrant's account and all of their entries, as the privacy notice says.

    Drafts and submitted entries go with their answers, documents, reminders
    and audit-log lines; the profile and email addresses go with the account.
    A submitted entry is thereby withdrawn from the awards: the audit log keeps
    one line per reference ("Entry deleted with its entrant's account"), with
    nothing personal, and the entries team is emailed the references. Returns
    the references of the submitted entries deleted.
    """
    with transaction.atomic():
        entries = list(user.entries.prefetch_related("documents"))
        files = [doc.file.name for entry in entries for doc in entry.documents.all()]
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Entry),
            object_id__in=[str(entry.pk) for entry in entries],
        ).delete()
        references = sorted(entry.reference for entry in entries if entry.reference)
        for entry in entries:
            if entry.reference:
                log(instance=entry, action="entries.erase", user=None, data={})
        user.delete()
        transaction.on_commit(lambda: delete_files(files))
        if references:
            transaction.on_commit(lambda: notify_staff_of_deletion(references))
        return references


def notify_staff_of_deletion(references: list[str]) -> bool:
    """Tell the entries team which references went with a deleted account."""
    recipients = entries_team_emails()
    if not recipients:
        return False
    return send_templated(
        "entries/email/staff_account_deleted",
        {"references": references},
        "Entries deleted with an entrant's account: " + ", ".join(references),
        recipients,
    )
