"""Helpers for the security libraries' settings."""


def login_name(request, credentials) -> str:
    """The name a sign-in attempt is for, whichever form sent it.

    allauth signs in by email ("login" field, ``email`` credential); Wagtail's
    admin by username. django-axes counts failures per name and address.
    """
    credentials = credentials or {}
    name = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return name.strip().lower()
