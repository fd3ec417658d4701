"""The health check that a load balancer calls every few seconds."""

import logging

from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    """True if the default database runs a query."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False


def cache_answers() -> bool:
    """True if the shared cache answers a read."""
    try:
        caches["default"].get("health-check")
    # Each cache backend raises its own errors (redis-py's, memcached's): any of
    # them means this host cannot serve its users' limits and pages.
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return False
    return True


@require_safe
@never_cache
def health(request):
    """200 when the database and the cache answer, 503 when either does not.

    Cheap enough to call every few seconds: one query and one cache read, no
    session, no template.
    """
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
