"""The JSON API at /api/v2/: Wagtail's API v2 for pages, images and documents.

What each page type exposes is declared by ``api_fields`` on the models; the
computed fields are in ``categories/serializers.py``. Here: the ``entry_state``
filter, the cache headers (``categories/caching.py``), and 400s instead of 500s
for filter values the database refuses. docs/api.md describes it all.
"""

import re
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

from categories.caching import patch_cache_headers
from categories.models import CategoryPage
from categories.serializers import EntryStatuses
from categories.status import EntryState


class EntryStateFilter(BaseFilterBackend):
    """``?entry_state=open`` (or ``open,coming_soon``): categories in those states.

    The state is computed, not stored, so the categories left by the other
    filters are loaded once, their states worked out by ``category_status`` and
    the queryset narrowed to their ids: a fixed number of queries.
    """

    parameter = "entry_state"

    def filter_queryset(self, request, queryset, view):
        if self.parameter not in request.GET:
            return queryset
        wanted = set(request.GET[self.parameter].split(","))
        if not wanted <= set(EntryState.values):
            raise BadRequestError(
                "entry_state must be one or more of (comma-separated): "
                + ", ".join(EntryState.values)
            )
        if not issubclass(queryset.model, CategoryPage):
            raise BadRequestError("entry_state needs type=categories.CategoryPage")
        categories = list(queryset)
        view.entry_statuses.load(categories)
        return queryset.filter(
            pk__in=[
                c.pk for c in categories if view.entry_statuses.get(c).state in wanted
            ]
        )


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
    """Wagtail's ``limit``/``offset`` paging, refusing offsets no database takes."""

    max_offset = 2**31 - 1

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > self.max_offset:
            raise BadRequestError(f"offset cannot be higher than {self.max_offset}")
        return super().paginate_queryset(queryset, request, view)


class CachedAPIViewSetMixin:
    """Cache headers by the rule of ``categories/caching.py``, and JSON 400s."""

    pagination_class = BoundedPagination

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The states this response shows or filters on, all at one moment.
        self.entry_statuses = EntryStatuses()

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

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_headers(response, request, self.entry_statuses.values())
        return response


class AwardsPagesAPIViewSet(CachedAPIViewSetMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, plus ``entry_state`` for categories."""

    filter_backends = [
        *PagesAPIViewSet.filter_backends[:-1],
        EntryStateFilter,
        # Search must stay last: search results can't be filtered further.
        CleanSearchFilter,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        [EntryStateFilter.parameter]
    )

    def get_base_queryset(self):
        try:
            return super().get_base_queryset()
        except (Site.DoesNotExist, ValueError) as e:
            raise BadRequestError("site doesn't exist") from e

    def get_queryset(self):
        # The locale is a meta field (``fields=*``): one query, not one per page.
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, CategoryPage):
            # Each category's entry URL needs its entry form.
            queryset = queryset.select_related("entry_form")
        return queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Every listed category's programme in one query, before serialising.
        self.entry_statuses.load(page if page is not None else queryset)
        return page


class AwardsImagesAPIViewSet(CachedAPIViewSetMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint, with the site's cache headers."""

    filter_backends = [*ImagesAPIViewSet.filter_backends[:-1], CleanSearchFilter]


class AwardsDocumentsAPIViewSet(CachedAPIViewSetMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint, with the site's cache headers."""

    filter_backends = [*DocumentsAPIViewSet.filter_backends[:-1], CleanSearchFilter]


def not_found(request, *args, **kwargs):
    """A JSON 404 for any other address under /api/v2/ (e.g. /api/v2/pages/abc/)."""
    return JsonResponse(
        {"message": "not found: the endpoints are pages, images and documents"},
        status=404,
    )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", AwardsPagesAPIViewSet)
api_router.register_endpoint("images", AwardsImagesAPIViewSet)
api_router.register_endpoint("documents", AwardsDocumentsAPIViewSet)
