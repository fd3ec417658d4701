"""Queue the confirmation emails of submitted entries that never had one queued.

A submission queues its email once its transaction commits; a process that
died in between leaves the entry without one. Safe to run from cron every few
minutes: an entry whose email was queued is marked, so nobody gets two. The
outbox sends and retries each queued email (``base/tasks.py``).
"""

from django.core.management.base import BaseCommand

from entries.lifecycle import send_confirmation
from entries.models import Entry


class Command(BaseCommand):
    help = "Queue confirmation emails of submitted entries that have none queued."

    def handle(self, *args, **options):
        pending = Entry.objects.filter(
            status=Entry.Status.SUBMITTED, confirmation_sent_at__isnull=True
        ).values_list("pk", flat=True)
        queued = sum(1 for pk in pending if send_confirmation(pk))
        self.stdout.write(f"Confirmations queued: {queued}.")
