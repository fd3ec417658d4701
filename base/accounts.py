"""django-allauth's adapter: what the site changes in how accounts work."""

from allauth.account.adapter import DefaultAccountAdapter

from .client_ip import client_address
from .email import site_context


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

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        """allauth's messages, but for those in ``SILENT_MESSAGES``."""
        if message_template in self.SILENT_MESSAGES:
            return None
        return super().add_message(request, level, message_template, *args, **kwargs)
