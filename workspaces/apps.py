from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    """Workspaces: closed project areas and their tools."""

    name = "workspaces"
    verbose_name = _("Arbeitsräume")
