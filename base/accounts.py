"""django-allauth's adapter: what the site changes in how accounts work."""

from allauth.account.adapter import DefaultAccountAdapter

from .address import on_site
from .client_ip import client_address


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with the client's address taken by the site's one rule."""

    # "Successfully signed in as ...": sign-in lands on the page asked for,
    # whose header says who is signed in; in the admin, Wagtail would show it
    # in a colour too faint to read (WCAG contrast).
    SILENT_MESSAGES = {"account/messages/logged_in.txt"}

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count by (``base/client_ip.py``)."""
        return client_address(request)

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
