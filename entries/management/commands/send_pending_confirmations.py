"""Send the confirmation emails that failed when entries were submitted.

Safe to run from cron every few minutes: an entry whose email went out is
marked, so nobody gets two.
"""

from django.core.management.base import BaseCommand

from entries.lifecycle import send_confirmation
from entries.models import Entry


class Command(BaseCommand):
    help = "Retry confirmation emails of submitted entries that have none sent."

    def handle(self, *args, **options):
        pending = Entry.objects.filter(
            status=Entry.Status.SUBMITTED, confirmation_sent_at__isnull=True
        ).values_list("pk", flat=True)
        sent = failed = 0
        for pk in pending:
            if send_confirmation(pk):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"Confirmations sent: {sent}; still failing: {failed}.")
