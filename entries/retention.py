"""Data retention: which entries are old enough to delete, and deleting them.

An entry is kept until its programme closed more than a number of months ago;
then the entry, its answers, its documents (rows and files), its reminders and
its audit-log lines (which can hold an extension's reason) are deleted. The
entrant's account is not: accounts are kept or closed on their own terms.
"""

import calendar
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from categories.models import CategoryPage, ProgrammePage

from .models import Entry, private_storage


def months_before(moment: datetime, months: int) -> datetime:
    """The same wall-clock time ``months`` calendar months earlier.

    The day is kept where the month has it, else the month's last day
    (31 May less 3 months is 28 or 29 February).
    """
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass
class Purge:
    """What a purge removes (or would): the entries, their document count."""

    cutoff: datetime
    programmes: list
    entries: list

    @property
    def document_count(self) -> int:
        return sum(len(entry.documents.all()) for entry in self.entries)


def entries_to_purge(months: int, now: datetime | None = None) -> Purge:
    """The entries of programmes that closed more than ``months`` months ago."""
    now = timezone.localtime(now or timezone.now())
    cutoff = months_before(now, months)
    programmes = list(
        ProgrammePage.objects.filter(closes_at__lt=cutoff).order_by("closes_at")
    )
    entries = []
    for programme in programmes:
        entries += list(
            Entry.objects.filter(
                category__in=CategoryPage.objects.in_programme(programme)
            )
            .select_related("category")
            .prefetch_related("documents")
            .order_by("category__path", "pk")
        )
    return Purge(cutoff=cutoff, programmes=programmes, entries=entries)


def purge(plan: Purge) -> None:
    """Delete the planned entries and everything of theirs, in one transaction.

    Files are removed once the transaction has committed, so that a failure
    never leaves rows pointing at deleted files.
    """
    files = [doc.file.name for entry in plan.entries for doc in entry.documents.all()]
    ids = [entry.pk for entry in plan.entries]
    with transaction.atomic():
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Entry),
            object_id__in=[str(pk) for pk in ids],
        ).delete()
        Entry.objects.filter(pk__in=ids).delete()
        transaction.on_commit(lambda: delete_files(files))


def delete_files(names: list[str]) -> None:
    """Remove documents' files from private storage."""
    storage = private_storage()
    for name in names:
        storage.delete(name)
