"""Admin hooks for programmes and categories."""

from wagtail import hooks

from .admin_listing import CategoryPageViewSet


@hooks.register("register_admin_viewset")
def register_category_viewset():
    """The programme's page listing, with each category's entry state."""
    return CategoryPageViewSet("category_pages")
