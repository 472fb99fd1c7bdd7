"""Invitations: an office's administration (its editors group) or a
superuser issues a code for one of its units (/profil/einladungen/); the
person activates a local account with it (/einladung/) and must then enrol
a second factor."""

from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from offices.models import Membership, OrgUnit

from . import audit, mfa, throttle
from .forms import ActivationForm, InvitationForm
from .models import Invitation, hash_code

# Counted by the throttle like a sign-in of this name (per address it is
# the same counter as every sign-in).
THROTTLE_NAME = "einladung"


def units_administered_by(user):
    """The units ``user`` may invite people to: all for a superuser; else the
    offices whose editors group (Leitung, Stellvertretung, Redaktion) the
    person is in, and every unit below them."""
    if user.is_superuser:
        return OrgUnit.objects.all()
    allowed = set(OrgUnit.objects.filter(editors_group__user=user).values_list("pk", flat=True))
    frontier = set(allowed)
    while frontier:
        frontier = (
            set(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - allowed
        )
        allowed |= frontier
    return OrgUnit.objects.filter(pk__in=allowed)


@require_http_methods(["GET", "POST"])
def issue_view(request):
    """List the invitations of the units the person administers and issue a
    new one; the code is shown once."""
    units = units_administered_by(request.user).order_by("name")
    if not units.exists():
        return TemplateResponse(
            request,
            "accounts/refused.html",
            {"message": _("Einladungen stellen die Leitung und Redaktion eines Amtes aus.")},
            status=403,
        )
    form = InvitationForm(request.POST or None, units=units)
    issued = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            invitation, code = Invitation.issue(
                unit=form.cleaned_data["unit"],
                created_by=request.user,
                label=form.cleaned_data["label"],
                valid_days=form.cleaned_data["valid_days"],
            )
            audit.log_event(
                "intranet.invitation_issued",
                user=request.user,
                request=request,
                unit=str(invitation.unit),
                hint=invitation.code_hint,
                invitation=invitation.pk,
            )
            issued = {"invitation": invitation, "code": code}
            form = InvitationForm(units=units)
        else:
            status = 400
    context = {
        "form": form,
        "issued": issued,
        "invitations": Invitation.objects.filter(unit__in=units).select_related("unit", "used_by")[
            :100
        ],
        "activation_url": request.build_absolute_uri(reverse("accounts:activate")),
    }
    return TemplateResponse(request, "accounts/invitations.html", context, status=status)


def _invalid(request, form):
    form.add_error(
        "code",
        _("Der Einladungscode ist ungültig, abgelaufen oder wurde schon benutzt."),
    )
    return TemplateResponse(request, "accounts/activate.html", {"form": form}, status=400)


@login_not_required
@require_http_methods(["GET", "POST"])
def activate_view(request):
    """Activate a local account with an invitation code: username, name and
    password; the person becomes a member of the invitation's unit, is
    signed in and sent to enrol a second factor. Unknown, used and expired
    codes get one answer; attempts count like sign-ins (throttled)."""
    if request.user.is_authenticated and request.method == "GET":
        return HttpResponseRedirect("/")
    form = ActivationForm(request.POST or None)
    if request.method == "GET":
        return TemplateResponse(request, "accounts/activate.html", {"form": form})
    if not throttle.is_allowed(request, THROTTLE_NAME):
        return throttle.lockout_response(request)
    if not form.is_valid():
        code_error = "code" in form.errors
        if not code_error:
            return TemplateResponse(request, "accounts/activate.html", {"form": form}, status=400)
    code = form.cleaned_data.get("code", "")
    model = get_user_model()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(code_hash=hash_code(code), used_at__isnull=True, expires_at__gt=timezone.now())
            .select_related("unit")
            .first()
            if code
            else None
        )
        if invitation is None:
            throttle.record_failure(request, THROTTLE_NAME)
            return _invalid(request, form)
        if form.errors:
            return TemplateResponse(request, "accounts/activate.html", {"form": form}, status=400)
        username = form.cleaned_data["username"]
        if model.objects.filter(username__iexact=username).exists():
            form.add_error("username", _("Bitte wählen Sie einen anderen Benutzernamen."))
            return TemplateResponse(request, "accounts/activate.html", {"form": form}, status=400)
        try:
            with transaction.atomic():
                user = model.objects.create_user(
                    username=username,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
        except IntegrityError:
            form.add_error("username", _("Bitte wählen Sie einen anderen Benutzernamen."))
            return TemplateResponse(request, "accounts/activate.html", {"form": form}, status=400)
        Membership.objects.get_or_create(
            user=user, unit=invitation.unit, defaults={"function": Membership.Function.MEMBER}
        )
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
    audit.log_event(
        "intranet.invitation_used",
        user=user,
        request=request,
        unit=str(invitation.unit),
        hint=invitation.code_hint,
        invitation=invitation.pk,
    )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[mfa.ENROLMENT_KEY] = True
    return HttpResponseRedirect(reverse("accounts:enrol"))
