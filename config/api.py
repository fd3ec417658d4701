"""The JSON API's router: /api/v2/ (endpoints in ``categories/api.py``)."""

from wagtail.api.v2.router import WagtailAPIRouter

from categories.api import (
    AwardsDocumentsAPIViewSet,
    AwardsImagesAPIViewSet,
    AwardsPagesAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", AwardsPagesAPIViewSet)
api_router.register_endpoint("images", AwardsImagesAPIViewSet)
api_router.register_endpoint("documents", AwardsDocumentsAPIViewSet)
