"""The JSON API's endpoints (Wagtail's API v2) for pages, images and documents.

What each page type exposes is declared by ``api_fields`` on the models; the
computed fields are in ``serializers.py``. Here: the ``entry_state`` filter and
the cache headers (``caching.py``). The router is in ``config/api.py``;
docs/api.md describes it all.
"""

from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

from base.api import CleanSearchFilter, ClearErrorsMixin
from base.frontend_cache import is_purged

from .caching import patch_cache_headers
from .models import CategoryPage, CategoryStatuses
from .status import CategoryState


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
        if not wanted <= set(CategoryState.values):
            raise BadRequestError(
                "entry_state must be one or more of (comma-separated): "
                + ", ".join(CategoryState.values)
            )
        if not issubclass(queryset.model, CategoryPage):
            raise BadRequestError("entry_state needs type=categories.CategoryPage")
        categories = list(queryset)
        view.category_statuses.load(categories)
        return queryset.filter(
            pk__in=[
                c.pk
                for c in categories
                if view.category_statuses.get(c).state in wanted
            ]
        )


class CachedAPIViewSetMixin(ClearErrorsMixin):
    """Cache headers by the rule of ``categories/caching.py``, and JSON 400s."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The states this response shows or filters on, all at one moment.
        self.category_statuses = CategoryStatuses()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_headers(
            response,
            request,
            self.category_statuses.values(),
            purged=is_purged(request),
        )
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
        self.category_statuses.load(page if page is not None else queryset)
        return page


class AwardsImagesAPIViewSet(CachedAPIViewSetMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint, with the site's cache headers."""

    filter_backends = [*ImagesAPIViewSet.filter_backends[:-1], CleanSearchFilter]


class AwardsDocumentsAPIViewSet(CachedAPIViewSetMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint, with the site's cache headers."""

    filter_backends = [*DocumentsAPIViewSet.filter_backends[:-1], CleanSearchFilter]
