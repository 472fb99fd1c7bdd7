"""Two request checks for signed-in sessions: their lifetime, and the second
factor where one is required."""

from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import mfa, sessions

SESSION_USER_KEY = "_auth_user_id"
# Paths a session without its second factor may still open: the pages that
# ask for it or enrol it, the passkey ceremonies, signing out, static files.
EXEMPT_PREFIXES = (
    "/profil/sicherheit/",
    "/webauthn/",
    "/abmelden/",
    "/static/",
    "/i18n/",
    "/einladung/",
    "/admin/logout/",
)


class SessionLifetimeMiddleware:
    """End a session after ``SESSION_IDLE_TIMEOUT`` seconds without a request
    or ``SESSION_MAX_AGE`` seconds after sign-in; the request then continues
    anonymous (and is sent to the login page like any other)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(SESSION_USER_KEY) is not None:
            if sessions.expired(session):
                logout(request)
            else:
                sessions.touch(session)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Ask for the second factor where it is required (``mfa.required_reason``):
    HTML requests go to the confirmation page on the site (or enrolment for a
    newly invited person), API requests with a session get 403 JSON. The
    admin is never shown without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_USER_KEY) is not None and not request.path_info.startswith(
            EXEMPT_PREFIXES
        ):
            answer = self._check(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _check(self, request):
        if not request.user.is_authenticated:
            return None
        reason = mfa.required_reason(request)
        if reason is None:
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "message": _(
                        "Für diesen Zugang ist ein zweiter Faktor nötig. Bitte bestätigen Sie "
                        "ihn unter „Mein Profil › Sicherheit“."
                    )
                },
                status=403,
            )
        target = "accounts:enrol" if reason == "enrol" else "accounts:verify"
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(target)}?{query}")
