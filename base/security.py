"""Helpers for the security libraries' settings."""

from django.contrib.auth import get_user_model
from django.db.models import Q

NAME_LENGTH = 255  # axes' AccessAttempt.username


def login_name(request, credentials) -> str:
    """The account a sign-in attempt is for, whichever name it was tried under.

    allauth signs in by email ("login" field, ``email`` credential); Wagtail's
    admin by username, and allauth's backend accepts the email there too.
    django-axes counts failures per this name and the client's address, so
    the name is the account's own username whenever the name (either one, in
    any case) belongs to an account: a lock on ``staff2`` holds for
    ``Staff2@example.org``. A name that belongs to nobody is counted as typed.
    """
    credentials = credentials or {}
    name = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    name = str(name).strip()
    if not name:
        return ""
    account = (
        get_user_model()
        .objects.filter(Q(username__iexact=name) | Q(email__iexact=name))
        .order_by("pk")
        .values_list("username", flat=True)
        .first()
    )
    # Stored in axes' 255-character column: a longer name (a 500 on
    # PostgreSQL) belongs to nobody anyway.
    return (account or name).lower()[:NAME_LENGTH]
