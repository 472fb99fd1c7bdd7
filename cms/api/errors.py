"""Answers of /api/v2/ outside the API's views, as JSON like all others: an
unknown path (a catch-all after the API's routes), a failed CSRF check and a
server error. Other paths keep Django's pages."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.csrf import CSRF_FAILURE_TEMPLATE_NAME
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt

API_PREFIX = "/api/"


def is_api(request):
    """Whether ``request`` is for the API."""
    return request.path_info.startswith(API_PREFIX)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """404 for every path under /api/v2/ that no endpoint serves (ids that
    are no positive whole numbers included), whatever the method."""
    return JsonResponse({"message": _("Nicht gefunden.")}, status=404)


def csrf_failure(request, reason="", template_name=CSRF_FAILURE_TEMPLATE_NAME):
    """``CSRF_FAILURE_VIEW``: JSON 403 on the API, Django's page elsewhere."""
    if is_api(request):
        return JsonResponse(
            {
                "message": _(
                    "Die Anfrage wurde abgelehnt (CSRF-Prüfung fehlgeschlagen). "
                    "Senden Sie ein Token oder das CSRF-Cookie mit."
                )
            },
            status=403,
        )
    return django_csrf_failure(request, reason=reason, template_name=template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: JSON on the API, Django's page elsewhere."""
    if is_api(request):
        return JsonResponse(
            {"message": _("Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später.")},
            status=500,
        )
    return defaults.server_error(request, template_name=template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    """``handler404``: JSON on the API (a 404 raised outside DRF), Django's
    page elsewhere."""
    if is_api(request):
        return not_found(request)
    return defaults.page_not_found(request, exception, template_name=template_name)
