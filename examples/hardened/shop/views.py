"""Views of the shop that are not in an app: the health check."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse


def health(request):
    """For the load balancer: 200 when the database and the cache answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    cache.set("healthz", "ok", 5)
    return JsonResponse({"database": "ok", "cache": cache.get("healthz")})
