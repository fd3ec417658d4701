"""The JSON APIs' routers.

- /api/v2/: the content, Wagtail's API v2 (endpoints in ``categories/api.py``).
- /api/entries/v1/: the entries API, Django Ninja (endpoints in
  ``entries/api.py``), with its OpenAPI 3.1 document at ``openapi.json``. It
  takes allauth's headless sessions: an app client's ``X-Session-Token``
  (no CSRF), or a browser's session cookie (with CSRF). Refusals are problem
  details (``base/problems.py``); each signed-in entrant may make
  ``ENTRIES_API_RATE`` requests.
"""

from allauth.headless.contrib.ninja.security import XSessionTokenAuth
from django.conf import settings
from ninja import NinjaAPI
from ninja.security import SessionAuth
from ninja.throttling import AuthRateThrottle
from wagtail.api.v2.router import WagtailAPIRouter

from base import problems
from categories.api import (
    AwardsDocumentsAPIViewSet,
    AwardsImagesAPIViewSet,
    AwardsPagesAPIViewSet,
)
from entries.api import router as entries_router

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", AwardsPagesAPIViewSet)
api_router.register_endpoint("images", AwardsImagesAPIViewSet)
api_router.register_endpoint("documents", AwardsDocumentsAPIViewSet)


class SessionToken(XSessionTokenAuth):
    """allauth's app clients' token, described in the OpenAPI document (allauth
    names no header there, which leaves its security scheme invalid)."""

    openapi_in = "header"
    openapi_name = "X-Session-Token"


class BrowserSession(SessionAuth):
    """A browser client's session cookie, with Django's CSRF check on writes.

    Checked only when the cookie signs someone in: a request without one (an
    app client whose token has expired) is a 401, not a CSRF refusal.
    """

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


class EntrantThrottle(AuthRateThrottle):
    """Requests per signed-in entrant (by account, whichever client), else per
    address."""

    def get_cache_key(self, request) -> str:
        user = getattr(request, "auth", None)
        ident = f"user-{user.pk}" if user is not None else self.get_ident(request)
        return self.cache_format % {"scope": "entries", "ident": ident}


class EntriesAPI(NinjaAPI):
    """Django Ninja's API, its problem answers documented as problem+json."""

    def get_openapi_schema(self, *args, **kwargs):
        return problems.document_problems(super().get_openapi_schema(*args, **kwargs))


entries_api = EntriesAPI(
    title="Health Partnership Awards: entries API",
    version="1",
    description="An entrant's entries: start, autosave, documents, check, "
    "submit, withdraw and the PDF copy of record. Sign in with the accounts "
    "API (/_allauth/, see /_allauth/openapi.json). See docs/api.md.",
    urls_namespace="entries_api",
    docs_url=None,
    auth=[SessionToken(), BrowserSession()],
    throttle=[EntrantThrottle(settings.ENTRIES_API_RATE)],
)
problems.install(entries_api)
entries_api.add_router("/", entries_router)
