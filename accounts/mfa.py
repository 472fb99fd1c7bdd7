"""The second factor: who needs one where, and whether the request has one.

A session counts as two-factor when django-otp has verified a device in it
(``request.user.is_verified()``) or when the single sign-on said so (the
``signin`` app sets ``request.session["intranet_mfa"] = "sso"`` from the
OIDC amr/acr claim or the SAML AuthnContext). Our own verification sets the
key to ``"otp"`` beside django-otp's state."""

from django.conf import settings

from django_otp import devices_for_user, user_has_device

from .network import is_internal

SESSION_KEY = "intranet_mfa"
# Set for a person who activated an invitation and has no factor yet: they
# must enrol before anything else (and may do so from outside).
ENROLMENT_KEY = "accounts_enrolment_required"
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Model permissions that change who may do what.
RIGHTS_PERMISSIONS = {
    "auth": {"add_user", "change_user", "delete_user", "add_group", "change_group", "delete_group"},
    "wagtailcore": {"add_grouppagepermission", "change_grouppagepermission"},
    "wagtailusers": {"change_userprofile"},
}


def has_second_factor(request):
    """Whether this session has passed a second factor (ours or the SSO's)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return True
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) == "sso"


def has_factor(user):
    """Whether ``user`` has at least one confirmed factor."""
    return user_has_device(user, confirmed=True)


def admin_requires_second_factor(user):
    """Whether ``user`` may publish or change rights: superusers, anyone with
    a publish permission (pages through group page permissions, snippets
    through model permissions) or a permission over users, groups and
    group page permissions."""
    if user.is_superuser:
        return True
    from wagtail.models import GroupPagePermission

    if GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page"
    ).exists():
        return True
    for perm in user.get_all_permissions():
        app, _, codename = perm.partition(".")
        if codename.startswith("publish_") or codename in RIGHTS_PERMISSIONS.get(app, ()):
            return True
    return False


def required_reason(request):
    """Why this signed-in request needs a second factor it lacks: ``"outside"``
    (from outside the internal networks), ``"admin"`` (the admin for a
    publisher or rights holder), ``"enrol"`` (an invited person who has none
    yet) or None."""
    if has_second_factor(request):
        return None
    if request.session.get(ENROLMENT_KEY):
        if not has_factor(request.user):
            return "enrol"
        request.session.pop(ENROLMENT_KEY, None)
    if not is_internal(request):
        return "outside"
    path = request.path_info
    if (
        settings.MFA_REQUIRED_FOR_ADMIN
        and path.startswith(ADMIN_PREFIXES)
        and admin_requires_second_factor(request.user)
    ):
        return "admin"
    return None


def may_manage_factors(request):
    """Whether this session may add factors or new recovery codes: after a
    second factor; or, for someone who has none yet, from inside or right
    after activating an invitation. (From outside, a stolen password alone
    must not enrol the thief's own factor.)"""
    if has_second_factor(request):
        return True
    if has_factor(request.user):
        return False
    return is_internal(request) or bool(request.session.get(ENROLMENT_KEY))


def confirmed_devices(user):
    """The person's confirmed factors (TOTP, passkeys, recovery codes)."""
    return list(devices_for_user(user, confirmed=True))


def reset_factors(user):
    """Delete every factor of ``user`` (confirmed or not); returns how many."""
    count = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        count += 1
    return count
