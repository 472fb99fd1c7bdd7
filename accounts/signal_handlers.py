"""Sign-in events: sessions are indexed and timed, and every sign-in, failed
sign-in, lockout and new passkey goes to the security audit log."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from axes.signals import user_locked_out
from django_otp_webauthn.models import WebAuthnCredential

from . import audit, mfa, sessions
from .models import Invitation, UserSession


@receiver(user_logged_in, dispatch_uid="accounts_logged_in")
def on_logged_in(sender, request, user, **kwargs):
    """Start the session's clock, index it, and log the sign-in. A person who
    came by invitation and has no factor yet must enrol one first."""
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request, user)
    if not mfa.has_factor(user) and Invitation.objects.filter(used_by=user).exists():
        request.session[mfa.ENROLMENT_KEY] = True
    audit.log_event(
        "intranet.signed_in",
        user=user,
        request=request,
        backend=request.session.get("_auth_user_backend", ""),
    )


@receiver(user_logged_out, dispatch_uid="accounts_logged_out")
def on_logged_out(sender, request, user, **kwargs):
    """Drop the session from the index."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def _known_user(username):
    if not username:
        return None
    model = get_user_model()
    return model.objects.filter(**{f"{model.USERNAME_FIELD}__iexact": username}).first()


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    """Log a failed sign-in, against the account if one has that name."""
    if request is None:
        return
    username = str((credentials or {}).get("username") or "")[:150]
    audit.log_event(
        "intranet.signin_failed",
        user=_known_user(username),
        username=username,
        actor=None,
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    """Log a lockout by the throttle."""
    username = str(username or "")[:150]
    audit.log_event(
        "intranet.signin_locked",
        user=_known_user(username),
        username=username,
        actor=None,
        request=request,
    )


@receiver(post_save, sender=WebAuthnCredential, dispatch_uid="accounts_passkey_enrolled")
def on_passkey_saved(sender, instance, created, **kwargs):
    """Log a new passkey."""
    if created:
        audit.log_event("intranet.factor_enrolled", user=instance.user, factor="Passkey")
