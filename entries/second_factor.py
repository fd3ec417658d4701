"""A second factor before the admin, for the staff who handle entries.

Members of ``SECOND_FACTOR_GROUPS`` (the Entries team, Judges) and superusers
reach the admins and the judging area (``SECOND_FACTOR_PATH_PREFIXES``) only
once they have an authenticator app set up in allauth.mfa; until then every
such page sends them to set one up, and back. With one set up, allauth's
sign-in asks for its code (or a recovery code) after the password, and both
admins sign in only through allauth (config/urls.py).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


def needs_second_factor(user) -> bool:
    """True if ``user`` may not use the admin without an authenticator app."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.groups.filter(name__in=settings.SECOND_FACTOR_GROUPS).exists()
    )


def has_second_factor(user) -> bool:
    """True if ``user`` has an authenticator app (TOTP) set up."""
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class SecondFactorRequiredMiddleware:
    """Sends staff who need a second factor and have none to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path_info.startswith(settings.SECOND_FACTOR_PATH_PREFIXES)
            and needs_second_factor(request.user)
            and not has_second_factor(request.user)
        ):
            return redirect_to_login(
                request.get_full_path(), reverse("mfa_activate_totp")
            )
        return self.get_response(request)
