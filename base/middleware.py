"""Site-wide middleware: the access log, the admin's security policy, caching
by default, bad input and a database outage."""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import FieldError, ObjectDoesNotExist, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch
from django.utils.cache import patch_cache_control

from .client_ip import client_address

logger = logging.getLogger(__name__)
access_logger = logging.getLogger("awards.access")


class AccessLogMiddleware:
    """One log line a request: method, path, status and the client's address.

    In place of gunicorn's access log, which knows only the connection's
    address (the proxy's, in production).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_address = client_address(request)
        response = self.get_response(request)
        access_logger.info(
            "%s %s %s",
            request.method,
            request.get_full_path()[:500],
            response.status_code,
            extra={"client_ip": request.client_address},
        )
        return response


class ClientAddressFilter(logging.Filter):
    """Adds ``client_ip`` to log records about a request (e.g. django.request)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if not hasattr(record, "client_ip") and hasattr(request, "META"):
            record.client_ip = getattr(request, "client_address", None) or (
                client_address(request)
            )
        return True


def wants_json(request) -> bool:
    """True for the JSON API and for the entry form's autosave."""
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or "application/json" in accept


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the looser policy Wagtail's admin needs under /admin/."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith("/admin/")
        ):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


class DefaultCacheControlMiddleware:
    """``Cache-Control: private, no-cache`` on a response that says nothing.

    Without the header, a proxy or CDN may keep a response for a time of its
    own choosing (Varnish: two minutes). What the cache rule
    (``categories/caching.py``) did not mark shareable is not shared, and
    browsers revalidate it. Static files are served before this, with their
    own long lifetimes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


class RejectNulCharactersMiddleware:
    """Refuse a request whose path or form values hold a NUL character.

    No visitor types one, PostgreSQL cannot store one, and letting it through
    turns bad input into a server error deep in a query.
    """

    MESSAGE = "The request contains a NUL character, which is not allowed."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path]
        values += [v for key in request.GET for v in [key, *request.GET.getlist(key)]]
        if request.method == "POST":
            values += [
                v for key in request.POST for v in [key, *request.POST.getlist(key)]
            ]
        if any("\x00" in value for value in values):
            if wants_json(request):
                return JsonResponse({"message": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE)
        return self.get_response(request)


class AdminBadInputMiddleware:
    """A 400, not a 500, when a hand-made request breaks one of the admins' views.

    Wagtail's and Django's admin views trust the forms their own pages send: a
    request without a field they expect (``body-count``), with a word for an
    id, or with a ``next`` that is not a URL raises deep inside them. Only the
    admins' views (``ADMIN_PATH_PREFIXES``) and only the exceptions that such
    input raises are answered so; they are still logged with their traceback,
    so that a real fault is seen. The site's own views parse their input
    (``base/ids.py``) and never rely on this.
    """

    BAD_INPUT = (
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        OverflowError,
        FieldError,
        ValidationError,
        NoReverseMatch,
    )
    MESSAGE = "The admin could not read this request. Go back and try again."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path_info.startswith(settings.ADMIN_PATH_PREFIXES):
            return None
        if isinstance(exception, ObjectDoesNotExist):
            return HttpResponseNotFound("Not found.")
        if not isinstance(exception, self.BAD_INPUT):
            return None
        logger.error("Bad input to the admin on %s", request.path, exc_info=exception)
        return HttpResponseBadRequest(self.MESSAGE)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain message when the database fails mid-request.

    The transaction of the failed request is rolled back, so nothing is half
    written; the entry form keeps the entrant's text in the browser.
    """

    MESSAGE = (
        "We could not reach our database just now, so nothing was saved. "
        "Your text is still in your browser: please try again in a minute."
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Only a lost or refused connection: other database errors are bugs.
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.exception("Database error on %s", request.path)
        if wants_json(request):
            return JsonResponse(
                {"error": "unavailable", "message": f"Not saved: {self.MESSAGE}"},
                status=503,
            )
        response = TemplateResponse(
            request, "503.html", {"message": self.MESSAGE}, status=503
        )
        response["Retry-After"] = "60"
        return response
