"""What a sign-in leaves in the session."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

# The session key that tells the MFA part (accounts/) that the identity
# provider already asked for a second factor; its value names the source.
MFA_SESSION_KEY = "intranet_mfa"


@receiver(user_logged_in, dispatch_uid="signin_record_sso_mfa")
def record_sso_mfa(sender, request, user, **kwargs):
    """Set ``intranet_mfa = "sso"`` when the SSO backend found that the provider
    used a second factor (it marks the user object for this one login), and
    drop a flag left from an earlier login of the same session otherwise."""
    if request is None or not hasattr(request, "session"):
        return
    if getattr(user, "signin_mfa", False):
        request.session[MFA_SESSION_KEY] = "sso"
    elif request.session.get(MFA_SESSION_KEY) == "sso":
        del request.session[MFA_SESSION_KEY]
