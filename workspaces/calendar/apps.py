from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceCalendarConfig(AppConfig):
    """Appointments of a workspace: events, RSVP, iCal feeds and scheduling polls."""

    name = "workspaces.calendar"
    label = "workspace_calendar"
    verbose_name = _("Arbeitsraum-Kalender")
