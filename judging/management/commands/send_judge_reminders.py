"""Remind judges whose score sheets are not all submitted as a round closes.

Safe to run from cron every hour: each judge gets each reminder once (one per
judge, round, deadline and --days), as the entrants' deadline reminders work.
Run it with more than one --days value (e.g. 7, then 1) for more reminders.
"""

from django.core.management.base import BaseCommand, CommandError

from judging.notify import send_reminders


class Command(BaseCommand):
    help = (
        "Email judges with unsubmitted sheets in rounds closing within --days "
        "days, once per judge, round and reminder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=2,
            help="Remind about rounds closing this many days away or sooner.",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        sent = send_reminders(days)
        self.stdout.write(f"{sent} reminder{'' if sent == 1 else 's'} sent.")
