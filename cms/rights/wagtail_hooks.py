"""Admin integration of the rights tools: the audit-log action of
apply_roles and the superuser-only page „Zugriff prüfen“."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .applier import LOG_ACTION


@hooks.register("register_log_actions")
def register_role_actions(actions):
    """Name the audit-log entries apply_roles writes."""
    actions.register_action(
        LOG_ACTION, _("Rollen angewendet"), _("Rechte aus der Rollendatei angewendet")
    )


@hooks.register("register_admin_urls")
def register_explain_urls():
    """The explain view and the CSV export of the effective rights."""
    return [
        path("zugriff-pruefen/", views.explain_view, name="permissions_explain"),
        path("zugriff-pruefen/export.csv", views.export_view, name="permissions_export"),
    ]


class SuperuserMenuItem(MenuItem):
    """A menu item only superusers see (the view checks again)."""

    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_explain_menu_item():
    """„Zugriff prüfen“ under Settings."""
    return SuperuserMenuItem(
        _("Zugriff prüfen"), reverse("permissions_explain"), icon_name="lock", order=900
    )
