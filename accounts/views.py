"""The person's sign-in security on the site (/profil/sicherheit/): the
second factor (authenticator app, passkeys, recovery codes), its
confirmation after sign-in, and „Überall abmelden“."""

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import segno
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from . import audit, mfa, sessions
from .forms import CodeForm
from .network import is_internal

RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"
TOTP_DEVICE_NAME = "Authenticator-App"


def _next_url(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _refused(request, message, status=403):
    return TemplateResponse(request, "accounts/refused.html", {"message": message}, status=status)


def _not_here_message():
    return _(
        "Von außerhalb des Verwaltungsnetzes können Sie einen zweiten Faktor nur ändern, "
        "wenn Sie sich zuvor mit einem vorhandenen bestätigt haben. Ohne zweiten Faktor "
        "richten Sie ihn bitte im Verwaltungsnetz ein oder wenden sich an die Administration."
    )


def _factor_summary(user):
    return {
        "totp": list(TOTPDevice.objects.filter(user=user, confirmed=True)),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True)),
        "recovery_left": StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
    }


def security_view(request):
    """Overview: the person's factors, adding a factor, new recovery codes,
    „Überall abmelden“."""
    context = {
        **_factor_summary(request.user),
        "verified": mfa.has_second_factor(request),
        "may_manage": mfa.may_manage_factors(request),
        "internal": is_internal(request),
        "enrolment_required": bool(request.session.get(mfa.ENROLMENT_KEY)),
    }
    return TemplateResponse(request, "accounts/security.html", context)


def _match(user, code):
    """The TOTP or recovery-code device of ``user`` that accepts ``code``
    (each with django-otp's own throttling), or None."""
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, (TOTPDevice, StaticDevice)) and device.verify_token(code):
                return device
    return None


def _factor_name(device):
    return (
        _("Wiederherstellungscode") if isinstance(device, StaticDevice) else _("Authenticator-App")
    )


@require_http_methods(["GET", "POST"])
def verify_view(request):
    """Confirm this session with a second factor: a code or a passkey.
    Without any factor: enrolment from inside, a refusal from outside."""
    user = request.user
    next_url = _next_url(request)
    if mfa.has_second_factor(request):
        return HttpResponseRedirect(next_url)
    if not mfa.has_factor(user):
        if mfa.may_manage_factors(request):
            return HttpResponseRedirect(f"{reverse('accounts:enrol')}?next={next_url}")
        return _refused(request, _not_here_message())
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        device = _match(user, form.cleaned_data["code"]) if form.is_valid() else None
        if device is not None:
            otp_login(request, device)
            request.session[mfa.SESSION_KEY] = "otp"
            audit.log_event(
                "intranet.factor_verified", user=user, request=request, factor=_factor_name(device)
            )
            return HttpResponseRedirect(next_url)
        form.errors.clear()
        form.add_error(
            None,
            _(
                "Der Code ist falsch oder abgelaufen. Nach mehreren Fehlversuchen müssen Sie "
                "etwas warten."
            ),
        )
        status = 400
    context = {
        "form": form,
        "next": next_url,
        "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
        "outside": not is_internal(request),
    }
    return TemplateResponse(request, "accounts/verify.html", context, status=status)


def _new_recovery_codes(user):
    """Replace the person's recovery codes by new ones; returns the codes."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@require_http_methods(["GET", "POST"])
def enrol_view(request):
    """Set up the authenticator app: show the key as QR code and text, and
    confirm it with a first code. The first factor brings recovery codes."""
    user = request.user
    if not mfa.may_manage_factors(request):
        return _refused(request, _not_here_message())
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            first = not mfa.has_factor(user)
            device.confirmed = True
            device.save()
            otp_login(request, device)
            request.session[mfa.SESSION_KEY] = "otp"
            request.session.pop(mfa.ENROLMENT_KEY, None)
            audit.log_event("intranet.factor_enrolled", user=user, factor=_("Authenticator-App"))
            codes = None
            if first or not StaticToken.objects.filter(device__user=user).exists():
                codes = _new_recovery_codes(user)
                audit.log_event("intranet.recovery_codes_created", user=user)
            return TemplateResponse(
                request,
                "accounts/enrolled.html",
                {"codes": codes, "next": _next_url(request, reverse("accounts:security"))},
            )
        form.errors.clear()
        form.add_error("code", _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein."))
        status = 400
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next_url(request, ""),
        "may_passkey": True,
    }
    return TemplateResponse(request, "accounts/enrol.html", context, status=status)


@require_POST
def recovery_codes_view(request):
    """New recovery codes (the old ones stop working); only after a second
    factor, or while enrolling the first."""
    if not mfa.may_manage_factors(request) or not mfa.has_factor(request.user):
        return _refused(request, _not_here_message())
    codes = _new_recovery_codes(request.user)
    audit.log_event("intranet.recovery_codes_created", user=request.user)
    return TemplateResponse(
        request, "accounts/enrolled.html", {"codes": codes, "next": reverse("accounts:security")}
    )


@require_POST
def logout_everywhere_view(request):
    """„Überall abmelden“: end every session of the person (this one too) and
    revoke their API and calendar tokens."""
    user = request.user
    ended, api, calendar = sessions.end_all_sessions(user)
    audit.log_event(
        "intranet.signed_out_everywhere",
        user=user,
        request=request,
        sessions=ended,
        api_tokens=api,
        calendar_tokens=calendar,
    )
    logout(request)
    return TemplateResponse(
        request,
        "accounts/logged_out_everywhere.html",
        {
            "sessions": ended,
            "api_tokens": api,
            "calendar_tokens": calendar,
            "login_url": resolve_url(settings.LOGIN_URL),
        },
    )
