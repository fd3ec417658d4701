"""Wagtail's user bar, without its permission queries for entrants.

``{% wagtailuserbar %}`` asks ``user.has_perm("wagtailadmin.access_admin")``
on every page, which costs two queries for anyone signed in who is not a
superuser: every entrant, on every page, on deadline day. Whether a user may
use the admin is kept in the cache for a few minutes instead. The bar is only
a shortcut to the admin, which checks permissions itself: a grant or a
removal shows in the bar within ``ADMIN_ACCESS_SECONDS``.
"""

from django import template
from django.core.cache import cache
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()

ADMIN_ACCESS_SECONDS = 300


def may_use_admin(user) -> bool:
    """Whether ``user`` may open Wagtail's admin, remembered for a while."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    key = f"admin-access:{user.pk}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, allowed, ADMIN_ACCESS_SECONDS)
    return allowed


@register.simple_tag(takes_context=True)
def site_userbar(context, position="bottom-right"):
    """Wagtail's user bar for those who may use the admin; nothing for others."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not may_use_admin(user):
        return ""
    return wagtailuserbar(context, position)
