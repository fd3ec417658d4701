"""Delete the entries of programmes that closed more than N months ago.

The documented way to meet the data-retention policy (see the README). With
--dry-run it prints what it would delete and changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from base.times import format_moment
from entries.retention import entries_to_purge, purge


class Command(BaseCommand):
    help = (
        "Delete entries, their documents and files, of programmes closed more "
        "than --older-than-months months ago. --dry-run only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-months", type=int, required=True)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be deleted; delete nothing.",
        )

    def handle(self, *args, older_than_months, dry_run, **options):
        if older_than_months < 1:
            raise CommandError("--older-than-months must be 1 or more.")
        plan = entries_to_purge(older_than_months)
        if not dry_run and plan.entries:
            purge(plan)  # before reporting, so that "Deleted" is true
        verb = "Would delete" if dry_run else "Deleted"
        for entry in plan.entries:
            documents = len(entry.documents.all())
            self.stdout.write(
                f"{verb} {entry.reference or f'draft {entry.pk}'} "
                f"({entry.category.title}), "
                f"{documents} document{'' if documents == 1 else 's'}"
            )
        count = len(plan.entries)
        self.stdout.write(
            f"{verb} {count} entr{'y' if count == 1 else 'ies'} and "
            f"{plan.document_count} document"
            f"{'' if plan.document_count == 1 else 's'} of programmes closed "
            f"before {format_moment(plan.cutoff)}."
        )
