"""Passkeys (WebAuthn) through django-otp-webauthn, as a second factor only.

The library's ceremony views are used as they are, with three additions:
enrolment is refused where ``mfa.may_manage_factors`` says no (from outside
without a factor), authentication needs a signed-in session (no passwordless
sign-in around the throttle), and a verified passkey also sets our session
key. The relying party is the host the request came to."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from django_otp_webauthn import exceptions, views
from django_otp_webauthn.helpers import WebAuthnHelper

from . import audit, mfa


def rp_id(request):
    """The relying-party id: ``OTP_WEBAUTHN_RP_ID`` if set, else the host
    name of the request (without port)."""
    configured = getattr(settings, "OTP_WEBAUTHN_RP_ID", "")
    return configured or request.get_host().rsplit(":", 1)[0].strip("[]")


class IntranetWebAuthnHelper(WebAuthnHelper):
    """Origins: ``WEBAUTHN_ORIGINS`` if set, else the request's own origin
    (scheme and a host Django's ALLOWED_HOSTS accepted)."""

    def get_allowed_origins(self):
        """The origins a ceremony may come from."""
        if settings.WEBAUTHN_ORIGINS:
            return list(settings.WEBAUTHN_ORIGINS)
        return [f"{self.request.scheme}://{self.request.get_host()}"]


class NotAllowedHere(exceptions.OTPWebAuthnApiError):
    """Enrolment without a second factor from outside."""

    status_code = 403
    default_code = "not_allowed_here"
    default_detail = _(
        "Einen Passkey können Sie von außerhalb des Verwaltungsnetzes nur hinzufügen, "
        "wenn Sie sich schon mit einem zweiten Faktor bestätigt haben."
    )


class SignInFirst(exceptions.OTPWebAuthnApiError):
    """A passkey is a second factor: sign in first."""

    status_code = 403
    default_code = "not_authenticated"
    default_detail = _("Bitte melden Sie sich zuerst an.")


class _RegistrationChecks:
    messages = {
        "user_not_verified": _(
            "Bitte bestätigen Sie sich zuerst mit einem vorhandenen zweiten Faktor."
        )
    }

    def check_can_register(self):
        if not mfa.may_manage_factors(self.request):
            raise NotAllowedHere()


class BeginRegistrationView(_RegistrationChecks, views.BeginCredentialRegistrationView):
    """Options for a new passkey."""


class CompleteRegistrationView(_RegistrationChecks, views.CompleteCredentialRegistrationView):
    """Store the new passkey; the session counts as verified with it."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            self.request.session[mfa.SESSION_KEY] = "otp"
            self.request.session.pop(mfa.ENROLMENT_KEY, None)
        return response


class _AuthenticationChecks:
    def check_can_authenticate(self):
        if not self.request.user.is_authenticated:
            raise SignInFirst()
        super().check_can_authenticate()


class BeginAuthenticationView(_AuthenticationChecks, views.BeginCredentialAuthenticationView):
    """Options to confirm the session with a passkey."""


class CompleteAuthenticationView(_AuthenticationChecks, views.CompleteCredentialAuthenticationView):
    """Check the passkey; the session is then two-factor."""

    def complete_auth(self, device):
        if device.user_id != self.request.user.pk:
            raise exceptions.CredentialNotFound()
        super().complete_auth(device)
        self.request.session[mfa.SESSION_KEY] = "otp"
        audit.log_event(
            "intranet.factor_verified",
            user=self.request.user,
            request=self.request,
            factor="Passkey",
        )
