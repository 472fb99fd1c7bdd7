from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceDocumentsConfig(AppConfig):
    """Documents of a workspace: versions, check-out and comments."""

    name = "workspaces.documents"
    label = "workspace_documents"
    verbose_name = _("Arbeitsraum-Dokumente")

    def ready(self):
        from . import signal_handlers  # noqa: F401
