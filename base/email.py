"""Sending the site's emails: plain text and HTML, with the site's name and address.

Every email the site sends (the entries' and allauth's) is rendered with
``site_context``, so that each names the site and links to its address as
Settings > Sites has it, never the host a request happened to arrive on.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from wagtail.models import Site

logger = logging.getLogger(__name__)


def site_context() -> dict:
    """The default site's name and root address, e.g. "https://awards.example.org"."""
    site = Site.objects.filter(is_default_site=True).first()
    return {
        "site_name": (site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        "site_url": site.root_url if site else settings.SITE_URL,
    }


def send_templated(template: str, context: dict, subject: str, to, attachments=()):
    """Send ``template`` (``.txt`` and ``.html``) to ``to``; say whether it went.

    A failure of the mail server is logged, never raised: the change that the
    email reports has been made whatever happens to the email.
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
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the email %s to %s", template, to)
        return False
    return True
