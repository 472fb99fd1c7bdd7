"""The accounts app in the Wagtail admin: the security log (Berichte ›
Sicherheitsprotokoll), resetting factors from the user listing, and the
German labels of the security actions in Wagtail's log."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter

from . import audit
from .admin_views import RESET, VIEW_LOG, ResetFactorsView, SecurityLogView


@hooks.register("register_admin_urls")
def register_accounts_admin_urls():
    """The security log and the reset of a person's factors."""
    return [
        path("sicherheit/protokoll/", SecurityLogView.as_view(), name="accounts_security_log"),
        path(
            "sicherheit/faktoren/<int:user_id>/zuruecksetzen/",
            ResetFactorsView.as_view(),
            name="accounts_reset_factors",
        ),
    ]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_security_log_menu_item():
    """„Sicherheitsprotokoll“ under Berichte, for holders of the permission."""
    return _PermissionMenuItem(
        _("Sicherheitsprotokoll"),
        reverse("accounts_security_log"),
        name="security-log",
        icon_name="lock",
        order=1100,
        permission=VIEW_LOG,
    )


@hooks.register("register_user_listing_buttons")
def reset_factors_button(user, request_user):
    """„Zweiten Faktor zurücksetzen“ in the user listing."""
    if request_user.has_perm(RESET):
        yield ListingButton(
            _("Zweiten Faktor zurücksetzen"),
            reverse("accounts_reset_factors", args=[user.pk]),
            priority=50,
            icon_name="key",
        )


class _SecurityFormatter(LogFormatter):
    def format_message(self, log_entry):
        return audit.message(log_entry)


@hooks.register("register_log_actions")
def register_security_log_actions(actions):
    """German labels and messages of the ``intranet.*`` security actions."""
    for action, (label, _template) in audit.ACTIONS.items():
        formatter = type("SecurityFormatter", (_SecurityFormatter,), {"label": label})
        actions.register_action(action)(formatter)
