"""Views of the site as a service rather than of any domain: the health check."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agreements.middleware import DATABASE_ERRORS


@never_cache
@require_safe
def health(request):
    """`/health/` for load balancers and monitoring: 200 while the database answers, 503 when it
    cannot be reached. Never cached, so each probe asks the database afresh."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_ERRORS:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
