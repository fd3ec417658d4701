"""Helpers for the security libraries' settings."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render

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


# Where a lock-out is answered in JSON: the JSON APIs (allauth's headless one
# and the entries API), whose clients read no HTML page.
JSON_PATH_PREFIXES = ("/_allauth/", "/api/")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: 429, as a page or as JSON.

    For the JSON APIs, in allauth's headless error format (what its clients
    read), with allauth's own code for too many failed sign-ins.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    cooloff = f"{minutes} minute{'s' if minutes != 1 else ''}"
    if request.path_info.startswith(JSON_PATH_PREFIXES):
        message = (
            "There have been too many unsuccessful attempts to sign in to this "
            f"account from your network. Signing in is paused for {cooloff}."
        )
        return JsonResponse(
            {
                "status": 429,
                "errors": [{"message": message, "code": "too_many_login_attempts"}],
            },
            status=429,
        )
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, {"cooloff_time": cooloff}, status=429
    )
