"""django-allauth's adapter: what the site changes in how accounts work."""

from allauth.account.adapter import DefaultAccountAdapter

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

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        """allauth's messages, but for those in ``SILENT_MESSAGES``."""
        if message_template in self.SILENT_MESSAGES:
            return None
        return super().add_message(request, level, message_template, *args, **kwargs)
