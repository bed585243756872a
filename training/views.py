"""Site-wide views: language switch, health check."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from training.services import user_set_language


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (a plain form post, no JavaScript), and for a
    signed-in person also their stored preference, used for emails."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database readiness for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
