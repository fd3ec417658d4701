"""Email the owners of unsubmitted drafts whose deadline is near.

Safe to run from cron every hour: each entrant gets each reminder once (one per
entry and deadline; an extension's new deadline earns a new one).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from base.times import format_moment
from entries.reminders import drafts_due_reminder, send_reminder


class Command(BaseCommand):
    help = (
        "Email the owners of drafts whose deadline is within --days days "
        "(default ENTRY_REMINDER_DAYS), once per entry and deadline."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ENTRY_REMINDER_DAYS,
            help="Remind about deadlines this many days away or sooner.",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        sent = 0
        for entry, status in drafts_due_reminder(days):
            if send_reminder(entry, status):
                sent += 1
                self.stdout.write(
                    f"Reminded {entry.entrant.email} about {entry} "
                    f"({entry.category.title}), due {format_moment(status.closes_at)}"
                )
        self.stdout.write(f"{sent} reminder{'' if sent == 1 else 's'} sent.")
