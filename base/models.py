"""What ``base`` keeps in the database: the outbox of the site's emails."""

from django.db import models


class OutgoingEmail(models.Model):
    """One email the site has to send, as it will go out; a row until it is sent.

    ``base.email.queue_message`` writes the row and enqueues its delivery task
    in the same transaction, so an email exists exactly when the change it
    reports was committed. The task (``base.tasks.deliver_email``) claims the
    row before it talks to the mail server and marks it sent after, so a
    second run of the task (a retry, the sweeper, a second worker) finds it
    sent, or claimed, and sends nothing. A mail server that is down leaves the
    row unsent, with its next attempt later each time; nothing is deleted.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    # The template it was rendered from, or allauth's template prefix: for logs.
    template = models.CharField(max_length=200)
    subject = models.CharField(max_length=998)
    from_email = models.CharField(max_length=254)
    to = models.JSONField()
    body = models.TextField()
    html = models.TextField(blank=True)
    # [filename, base64 content, MIME type] each, e.g. the PDF copy of record.
    attachments = models.JSONField(default=list, blank=True)
    # The same Message-ID on every attempt, so that a receiving server may
    # recognise a copy resent after a worker died mid-send.
    message_id = models.CharField(max_length=254, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # A worker holds the row until then while it talks to the mail server.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outgoing_unsent_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.template} to {', '.join(self.to)}"
