"""django-allauth's adapter: what the site changes in how accounts work."""

from allauth.account.adapter import DefaultAccountAdapter

from .client_ip import client_address


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with the client's address taken by the site's one rule."""

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count by (``base/client_ip.py``)."""
        return client_address(request)
