"""The one task that sends email: ``deliver_email``, with retries and back-off.

``queue_message`` (``base/email.py``) enqueues it for each outbox row. In
production the task backend is django-tasks-db and ``manage.py db_worker``
runs it (README, docs/deploy.md); ``make run`` and the tests run it at once.
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The message to hand to the mail server for an outbox row."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        headers={"Message-ID": email.message_id},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for filename, content, mimetype in email.attachments:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed attempts: the settings' list,
    then its last delay for ever (a mail server that is down delays, never loses)."""
    delays = settings.EMAIL_RETRY_DELAYS
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def enqueue_delivery(email: OutgoingEmail, run_after=None) -> bool:
    """Enqueue ``deliver_email`` for ``email``, at ``run_after`` if given.

    A backend that cannot defer a task (the immediate one) gets no retry:
    ``send_queued_emails`` picks the email up when it is due. Returns whether
    a task was enqueued.
    """
    delivery = deliver_email
    if run_after is not None:
        if not delivery.get_backend().supports_defer:
            return False
        delivery = delivery.using(run_after=run_after)
    delivery.enqueue(email.pk)
    return True


def claim(email_id: int, now) -> bool:
    """Take the row for one attempt, unless it is sent or another worker holds it.

    One conditional UPDATE, so two workers (or a retry and the sweeper) never
    both send the same email.
    """
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + timedelta(seconds=settings.EMAIL_CLAIM_SECONDS))
    )


# Ahead of Wagtail's own background tasks (search and reference index, at 0).
EMAIL_PRIORITY = 10


@task(priority=EMAIL_PRIORITY)
def deliver_email(email_id: int) -> str:
    """Send the outbox row ``email_id`` once; on failure, enqueue a later attempt.

    Returns what happened: "sent", "retry" or "skipped" (already sent, taken
    by another worker, or gone). A mail server's refusal is not the task's
    failure: the task succeeds and its retry is a new task.
    """
    now = timezone.now()
    if not claim(email_id, now):
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        build_message(email).send()
    except (smtplib.SMTPException, OSError) as error:
        attempts = email.attempts + 1
        next_attempt_at = timezone.now() + retry_delay(attempts)
        OutgoingEmail.objects.filter(pk=email_id).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=next_attempt_at,
            claimed_until=None,
        )
        logger.warning(
            "Could not send the email %s (%s) to %s, attempt %s; next at %s",
            email_id,
            email.template,
            email.to,
            attempts,
            next_attempt_at.isoformat(),
        )
        email.next_attempt_at = next_attempt_at
        enqueue_delivery(email, run_after=next_attempt_at)
        return "retry"
    OutgoingEmail.objects.filter(pk=email_id).update(
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
    )
    logger.info("Sent the email %s (%s) to %s", email_id, email.template, email.to)
    return "sent"


def due_emails(now=None):
    """Unsent emails whose next attempt is due and that no worker holds."""
    now = now or timezone.now()
    return (
        OutgoingEmail.objects.filter(sent_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("pk")
    )
