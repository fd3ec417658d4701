"""django-allauth's adapter: what the site changes in how accounts work."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from .address import on_site
from .client_ip import client_address
from .email import queue_message, site_context


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with the client's address taken by the site's one rule."""

    # "Successfully signed in as ...": sign-in lands on the page asked for,
    # whose header says who is signed in; in the admin, Wagtail would show it
    # in a colour too faint to read (WCAG contrast).
    SILENT_MESSAGES = {"account/messages/logged_in.txt"}

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count by (``base/client_ip.py``)."""
        return client_address(request)

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails, signed with the site's name and address.

        allauth would name the host the request arrived on ("Hello from
        127.0.0.1:8000!"); the site's emails name the site as Settings > Sites
        has it (``base/email.py``), in the templates under
        ``templates/account/email/``.
        """
        context = {**site_context(), **context}
        return super().render_mail(template_prefix, email, context, headers)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link, on the site's address (SITE_URL), whatever
        host the request came in on."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        return on_site(url, request)

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The password-reset link, on the site's address (SITE_URL)."""
        return on_site(super().get_reset_password_from_key_url(key), self.request)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        """allauth's messages, but for those in ``SILENT_MESSAGES``."""
        if message_template in self.SILENT_MESSAGES:
            return None
        return super().add_message(request, level, message_template, *args, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's email, rendered as allauth does, sent through the outbox
        (``base.email.queue_message``) rather than in the request."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        queue_message(self.render_mail(template_prefix, email, ctx), template_prefix)
