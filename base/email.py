"""Sending the site's emails: queued in the request, sent by the task worker.

Every email the site sends goes through ``queue_message``: the entries' emails
(rendered by ``send_templated`` with ``site_context``, so that each names the
site and links to its address as Settings > Sites has it, never the host a
request happened to arrive on) and allauth's (``base.accounts``). It writes
the email to the outbox (``OutgoingEmail``) and enqueues ``deliver_email``
(``base/tasks.py``) in the caller's transaction: no request waits on the mail
server, and a mail server that is down delays an email, never loses it.
"""

import base64
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from wagtail.models import Site

from .models import OutgoingEmail
from .tasks import enqueue_delivery

logger = logging.getLogger(__name__)


def site_context() -> dict:
    """The default site's name and root address, e.g. "https://awards.example.org"."""
    site = Site.objects.filter(is_default_site=True).first()
    return {
        "site_name": (site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        "site_url": site.root_url if site else settings.SITE_URL,
    }


def send_templated(
    template: str, context: dict, subject: str, to, attachments=()
) -> OutgoingEmail:
    """Queue ``template`` (``.txt`` and ``.html``) for ``to``, rendered now.

    ``attachments`` are ``(filename, content, mimetype)``. Returns the queued
    email; the worker sends it (``queue_message``).
    """
    context = {**site_context(), **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=list(to),
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    for attachment in attachments:
        message.attach(*attachment)
    return queue_message(message, template)


def queue_message(message: EmailMessage, template: str = "") -> OutgoingEmail:
    """Put ``message`` in the outbox and enqueue its delivery; the one way out.

    The row and the task are written in the caller's transaction (the
    database task backend keeps tasks in the same database), so both exist
    if, and only if, the caller's change commits. With the immediate backend
    (``make run``, tests) the email is sent here and now.
    """
    body, html = message.body, ""
    if message.content_subtype == "html":
        # An HTML-only message (allauth sends one when a template has no .txt).
        body, html = "", message.body
    for content, mimetype in getattr(message, "alternatives", ()):
        if mimetype == "text/html":
            html = content
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append(
            [filename, base64.b64encode(content).decode("ascii"), mimetype]
        )
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    email = OutgoingEmail.objects.create(
        template=template,
        subject=message.subject,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        body=body,
        html=html,
        attachments=attachments,
        message_id=f"<{uuid.uuid4().hex}@{domain}>",
    )
    logger.info("Queued the email %s (%s) to %s", email.pk, template, email.to)
    enqueue_delivery(email)
    return email
