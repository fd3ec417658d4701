"""Send the outbox's emails that are due and that no task is about to send.

The task worker retries failed emails by itself (``base/tasks.py``). This
command is the safety net, safe to run from cron every few minutes on one
host or all: it sends the emails whose retry could not be enqueued (the
immediate backend of ``make run`` cannot defer a task) or whose task was lost
(a worker killed mid-send frees its claim after ``EMAIL_CLAIM_SECONDS``).
Each email is claimed before it is sent, so nobody gets two.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from base.tasks import deliver_email, due_emails

# A new email's own task normally runs within a second or two: leave it be.
GRACE = timedelta(minutes=1)


class Command(BaseCommand):
    help = "Send the queued emails that are due (a safety net for the task worker)."

    def handle(self, *args, **options):
        now = timezone.now()
        due = due_emails(now).filter(created_at__lte=now - GRACE)
        outcomes = {"sent": 0, "retry": 0, "skipped": 0}
        for pk in due.values_list("pk", flat=True):
            outcomes[deliver_email.call(pk)] += 1
        self.stdout.write(
            f"Emails sent: {outcomes['sent']}; still failing: {outcomes['retry']}."
        )
