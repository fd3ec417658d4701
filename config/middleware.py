"""Site-wide middleware: the admin's security policy, and a database outage."""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)


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
        if not isinstance(exception, DatabaseError):
            return None
        logger.exception("Database error on %s", request.path)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(
                {"error": "unavailable", "message": f"Not saved: {self.MESSAGE}"},
                status=503,
            )
        response = TemplateResponse(
            request, "503.html", {"message": self.MESSAGE}, status=503
        )
        response["Retry-After"] = "60"
        return response
