"""RFC 7807 problem details (``application/problem+json``) for the JSON APIs.

Every refusal an API makes is one of these: a stable ``type`` (a URN that
clients may branch on, never reworded), a short ``title``, the HTTP
``status``, a ``detail`` written for people, and, where fields were wrong,
``errors``: a list of ``{"field", "message"}``. :func:`install` puts the
handlers on a Django Ninja API, so that no error leaves it in another shape
and none is a 500.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:awards:problem:"

# The type each status has when nothing more particular is said.
DEFAULT_TYPES = {
    400: "bad-request",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "invalid",
    429: "too-many-requests",
}


class FieldError(Schema):
    """One field's problem: where it is (e.g. ``answers.title``) and what."""

    field: str
    message: str


class Problem(Schema):
    """An RFC 7807 problem, as every API refusal is answered."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class ProblemError(Exception):
    """Raised by an endpoint to refuse with a problem; ``extra`` adds members."""

    def __init__(self, status: int, code: str, detail: str, errors=None, **extra):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.errors = errors or []
        self.extra = extra


def problem_response(
    status: int, code: str, detail: str, errors=None, **extra
) -> JsonResponse:
    """The problem as a response: ``errors`` is a list of (field, message)."""
    body = {
        "type": TYPE_PREFIX + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "errors": [
            {"field": field, "message": message} for field, message in errors or []
        ],
        **extra,
    }
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


def problems(*statuses: int) -> dict:
    """The ``response=`` entries documenting an operation's problem answers."""
    return {status: Problem for status in statuses}


def document_problems(schema: dict) -> dict:
    """An OpenAPI document with every Problem response typed as problem+json."""
    problem = {"$ref": "#/components/schemas/Problem"}
    for operation in (
        op for path in schema.get("paths", {}).values() for op in path.values()
    ):
        for response in operation.get("responses", {}).values():
            content = response.get("content", {})
            if content.get("application/json", {}).get("schema") == problem:
                response["content"] = {CONTENT_TYPE: content.pop("application/json")}
    return schema


def field_name(location) -> str:
    """Pydantic's location, e.g. ``("body", "payload", "version")``, as a field."""
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "form", "file", "header"):
        parts = parts[1:]
        # Ninja names the body parameter itself first: "payload.version".
        if parts and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(parts) or "body"


def install(api) -> None:
    """Answer every error of ``api`` (a NinjaAPI) as a problem."""

    @api.exception_handler(ProblemError)
    def refused(request, exc):
        return problem_response(
            exc.status, exc.code, exc.detail, exc.errors, **exc.extra
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        errors = [(field_name(e.get("loc", ())), e.get("msg", "")) for e in exc.errors]
        return problem_response(
            422, "invalid", "The request is not valid: see errors.", errors
        )

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request, exc):
        response = problem_response(
            401,
            "not-authenticated",
            "Sign in first: send the session cookie (browser clients) or the "
            "X-Session-Token header (app clients) from the accounts API.",
        )
        response["WWW-Authenticate"] = 'Session realm="entries"'
        return response

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        response = problem_response(
            429, "too-many-requests", "Too many requests: wait a moment and try again."
        )
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 403 and "CSRF" in str(exc):
            return problem_response(
                403,
                "csrf-failed",
                "The CSRF check failed: a browser client sends the X-CSRFToken "
                "header with the token from GET /csrf, from a trusted origin.",
            )
        status = exc.status_code
        return problem_response(status, DEFAULT_TYPES.get(status, "error"), str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem_response(
            404, "not-found", "Not found: there is no such entry or document of yours."
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem_response(403, "forbidden", str(exc) or "Not allowed.")

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        if isinstance(exc, OperationalError | InterfaceError):
            raise exc  # the site's 503 (base.middleware.DatabaseUnavailableMiddleware)
        if isinstance(exc, RequestDataTooBig):
            return problem_response(413, "too-large", "The request body is too large.")
        if isinstance(exc, RawPostDataException):
            # A form body (read by middleware) where the endpoint takes JSON.
            return problem_response(
                400, "bad-request", "Send the body as JSON (application/json)."
            )
        if isinstance(
            exc, SuspiciousOperation | MultiPartParserError | UnreadablePostError
        ):
            return problem_response(400, "bad-request", "The request is malformed.")
        # A bug, not the client's fault: logged in full, answered as a problem.
        logger.exception("Entries API error on %s", request.path)
        return problem_response(
            500, "server-error", "Something went wrong on our side; try again later."
        )
