"""The intranet is closed: every request needs a signed-in user."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class IntranetLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Send anonymous HTML requests to the login page and answer anonymous API
    requests with 401 JSON.

    API requests that carry an ``Authorization`` header pass only with a
    valid bearer token (checked here with the API's own authentication, so
    views outside Django REST framework such as ``docs/`` are covered too);
    any other header answers 401 JSON. The Wagtail admin keeps its own login
    page. Views marked with Django's ``login_not_required`` (the login page,
    the token endpoint) stay open.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        path = request.path_info
        if path.startswith(API_PREFIX):
            message = _("Anmeldung erforderlich. Bitte melden Sie sich an.")
            if request.headers.get("Authorization"):
                from rest_framework.exceptions import AuthenticationFailed

                from cms.api.authentication import BearerTokenAuthentication

                try:
                    found = BearerTokenAuthentication().authenticate(request)
                except AuthenticationFailed as exc:
                    found, message = None, str(exc.detail)
                if found is not None:
                    request.user = found[0]
                    return None
            return JsonResponse(
                {"message": message},
                status=401,
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        if path.startswith("/admin/") or path.startswith(settings.STATIC_URL):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class UniformNotFoundMiddleware:
    """Every 404 a view raises carries one message. Django's debug page shows
    the message of an ``Http404``: Wagtail's „No Document matches the given
    query.“ for an unknown id next to a bare 404 for a hidden one would tell
    the two apart (``make dev`` runs with DEBUG on). Without DEBUG the page
    is 404.html either way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        """Raise a 404 with the one message instead of the view's own."""
        if isinstance(exception, Http404):
            message = _("Nicht gefunden.")
            if str(exception) != message:
                raise Http404(message) from None
