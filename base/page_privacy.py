"""Wagtail's shared page passwords, with a limit on guessing them.

Wagtail's ``authenticate_with_password`` view checks a page's shared password
as often as anyone asks. Here failed guesses are counted as allauth counts
failed sign-ins (its rate limiter, in the shared cache), per client address
and per restriction: past the limit the answer is a 429, right password or
not, until the window passes.
"""

from allauth.core.internal.ratelimit import consume, respond_429
from django.conf import settings
from wagtail.views import authenticate_with_password

ACTION = "page_password"


def limited(request, **usage) -> bool:
    """Consume one failed guess (or, with ``dry_run``, ask); False past the limit."""
    return bool(
        consume(
            request,
            app="allauth.account",
            action=ACTION,
            config=settings.PAGE_PASSWORD_RATE_LIMITS,
            **usage,
        )
    )


def authenticate_with_page_password(request, page_view_restriction_id, page_id):
    """Wagtail's view, refused while too many wrong guesses stand against
    this address or this restriction."""
    if request.method != "POST":
        return authenticate_with_password(request, page_view_restriction_id, page_id)
    key = str(page_view_restriction_id)
    if not limited(request, key=key, dry_run=True):
        return respond_429(request)
    response = authenticate_with_password(request, page_view_restriction_id, page_id)
    # The form again (200) means a wrong password; a redirect means it passed.
    if response.status_code == 200:
        limited(request, key=key)
    return response
