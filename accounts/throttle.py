"""Sign-in throttling with django-axes (database handler: every process
counts the same failures). One German answer for a locked sign-in, the same
for known and unknown accounts."""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from axes.handlers.proxy import AxesProxyHandler

API_PREFIX = "/api/"


def username_of(request, credentials):
    """The account a sign-in names, as axes counts it: trimmed and lower case,
    so „Erika“ and „erika “ share one counter."""
    name = None
    if credentials:
        name = credentials.get("username")
    if name is None and request is not None and request.method == "POST":
        name = request.POST.get("username")
    return str(name).strip().lower()[:150] if name else None


def _minutes():
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_message():
    """The German text of a locked sign-in."""
    return _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist für %(minutes)s Minuten "
        "gesperrt. Bitte versuchen Sie es danach erneut."
    ) % {"minutes": _minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """429 with the German message: JSON on the API, a page elsewhere."""
    retry = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {"message": lockout_message()}, status=429, headers={"Retry-After": retry}
        )
    response = TemplateResponse(
        request, "accounts/locked_out.html", {"message": lockout_message()}, status=429
    )
    response["Retry-After"] = retry
    # Rendered here: axes' middleware returns it after the view phase, where
    # Django no longer renders template responses.
    return response.render()


def is_allowed(request, username):
    """Whether a sign-in-like attempt (an invitation code) may be tried now."""
    return AxesProxyHandler.is_allowed(request, {"username": username})


def record_failure(request, username):
    """Count a failed attempt that is not a password check (a wrong
    invitation code) exactly like a failed sign-in."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
