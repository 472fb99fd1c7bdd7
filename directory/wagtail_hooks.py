"""The audit-log actions of the directory sync, labelled in German."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .leavers import LOG_ACTION, REACTIVATED_ACTION

REASONS = {
    "disabled": _("im Verzeichnis gesperrt"),
    "expired": _("Konto abgelaufen"),
    "missing": _("fehlt im Verzeichnis"),
}


@hooks.register("register_log_actions")
def register_directory_log_actions(actions):
    """Deactivation and reactivation by ``sync_directory``."""

    @actions.register_action(LOG_ACTION)
    class Deactivated(LogFormatter):
        label = _("Vom Verzeichnisabgleich deaktiviert")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Vom Verzeichnisabgleich deaktiviert: %(user)s (%(reason)s)") % {
                "user": data.get("username", ""),
                "reason": REASONS.get(data.get("reason"), data.get("reason", "")),
            }

    @actions.register_action(REACTIVATED_ACTION)
    class Reactivated(LogFormatter):
        label = _("Vom Verzeichnisabgleich wieder aktiviert")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Vom Verzeichnisabgleich wieder aktiviert: %(user)s") % {
                "user": data.get("username", "")
            }
