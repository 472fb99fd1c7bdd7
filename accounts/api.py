"""The API's token sign-in (``POST /api/v2/auth/token/``) under the same
rules as the site: from outside, a second factor in the body."""

from django.db import transaction
from django.utils.translation import gettext as _

from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .network import is_internal


def _code_accepted(user, code):
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, (TOTPDevice, StaticDevice)) and device.verify_token(code):
                return True
    return False


def check_token_sign_in(request, user, code):
    """None when ``user`` (password already checked) may have a token: from
    inside always, from outside with a valid ``code`` (authenticator or
    recovery code). Otherwise the German reason. Logs the sign-in."""
    if not is_internal(request):
        if not isinstance(code, str) or not code.strip():
            return _(
                "Von außerhalb des Verwaltungsnetzes ist ein zweiter Faktor nötig: "
                "Bitte geben Sie „code“ an (Code der Authenticator-App oder "
                "Wiederherstellungscode)."
            )
        if not _code_accepted(user, "".join(code.split()).replace("-", "")):
            audit.log_event(
                "intranet.signin_failed", user=user, actor=None, request=request, via="api"
            )
            return _("Der zweite Faktor ist falsch oder abgelaufen.")
    audit.log_event("intranet.signed_in", user=user, request=request, via="api")
    return None
