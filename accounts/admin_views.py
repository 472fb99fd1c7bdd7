"""Admin views: the security log (readable only with
``accounts.view_security_log``) and resetting a person's factors (with
``accounts.reset_second_factor``)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import audit, mfa, sessions

VIEW_LOG = "accounts.view_security_log"
RESET = "accounts.reset_second_factor"


class SecurityLogView(WagtailAdminTemplateMixin, TemplateView):
    """The security entries of the audit log, newest first, filterable by
    action and by account name."""

    template_name = "accounts/admin/security_log.html"
    page_title = gettext_lazy("Sicherheitsprotokoll")
    header_icon = "lock"
    per_page = 50

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_LOG):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = audit.security_entries().select_related("user")
        action = self.request.GET.get("action", "")
        if action in audit.ACTIONS:
            entries = entries.filter(action=action)
        name = self.request.GET.get("name", "").strip()[:150]
        if name:
            entries = entries.filter(label__icontains=name)
        page = Paginator(entries, self.per_page).get_page(self.request.GET.get("p"))
        context.update(
            {
                "page": page,
                "rows": [
                    {"entry": entry, "label": audit.label(entry), "message": audit.message(entry)}
                    for entry in page
                ],
                "actions": [(key, label) for key, (label, _msg) in audit.ACTIONS.items()],
                "action": action,
                "name": name,
            }
        )
        return context


class ResetFactorsView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm and reset every factor of one person; their sessions end, so
    the next sign-in asks for a new factor. Audited."""

    template_name = "accounts/admin/reset_factors.html"
    page_title = gettext_lazy("Zweiten Faktor zurücksetzen")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(RESET):
            raise PermissionDenied
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["devices"] = mfa.confirmed_devices(self.person)
        return context

    def post(self, request, *args, **kwargs):
        """Delete the factors, end the sessions, log it."""
        count = mfa.reset_factors(self.person)
        ended = sessions.end_all_sessions(self.person)[0]
        audit.log_event(
            "intranet.factors_reset",
            user=self.person,
            actor=request.user,
            request=request,
            devices=count,
            sessions=ended,
        )
        messages.success(
            request,
            _("Die Faktoren von %(name)s wurden zurückgesetzt.") % {"name": self.person},
        )
        return HttpResponseRedirect(reverse("wagtailusers_users:index"))
