from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceCalendarConfig(AppConfig):
    """Appointments of a workspace: events, RSVP, iCal feeds and scheduling polls."""

    name = "workspaces.calendar"
    label = "workspace_calendar"
    verbose_name = _("Arbeitsraum-Kalender")

    def ready(self):
        from search.sources import register

        from . import signal_handlers
        from .search_source import EventSource

        register(EventSource())
        signal_handlers.connect()
