"""What the site's read API (Wagtail's API v2) needs beyond Wagtail's own.

Bad input is the visitor's mistake, not the server's: filter values the
database refuses, quotation marks in a search, offsets no database takes and
unknown addresses are all answered with a 4xx JSON message, never a 500.
"""

import re
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

from base.ids import MAX_ID, parse_id


class CleanSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, with the words cleaned first.

    The SQLite search backend passes quotation marks, NUL characters and
    blank queries straight into its full-text query, where they are a syntax
    error (a 500): search for the words around them instead.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = request.GET.copy()
        query["search"] = re.sub(r"[\"'\x00\s]+", " ", query["search"]).strip()
        # Wagtail's filter reads nothing from the request but its query string.
        return super().filter_queryset(SimpleNamespace(GET=query), queryset, view)


class BoundedPagination(WagtailPagination):
    """Wagtail's ``limit``/``offset`` paging, with both parsed as ids are.

    Wagtail's ``int()`` takes "٣" and " 3 " and fails on "²" (a 500); and an
    offset past what a database takes is an error in the query.
    """

    max_offset = MAX_ID

    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            value = request.GET.get(name)
            if value is None:
                continue
            if not (value.isascii() and value.isdigit()):
                raise BadRequestError(f"{name} must be a positive integer")
            if parse_id(value, maximum=self.max_offset) is None:
                raise BadRequestError(f"{name} cannot be higher than {self.max_offset}")
        return super().paginate_queryset(queryset, request, view)


class ClearErrorsMixin:
    """For Wagtail's API viewsets: 400s with a reason instead of 500s."""

    pagination_class = BoundedPagination

    def handle_exception(self, exc):
        # A filter value the database refuses (e.g. ?opens_at=soon) is the
        # visitor's mistake, not the server's.
        if isinstance(exc, ValidationError):
            return Response(
                {"message": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST
            )
        if isinstance(exc, Http404) and not str(exc):
            exc = Http404("not found")
        return super().handle_exception(exc)

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, ValidationError) as e:
            raise BadRequestError("id must be a whole number") from e


def not_found(request, *args, **kwargs):
    """A JSON 404 for any other address under /api/ (e.g. /api/v2/pages/abc/)."""
    return JsonResponse(
        {"message": "not found: the endpoints are pages, images and documents"},
        status=404,
    )
