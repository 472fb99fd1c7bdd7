from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    """Workspaces: closed project areas and their tools."""

    name = "workspaces"
    verbose_name = _("Arbeitsräume")

    def ready(self):
        """Workspaces feed the rights applier (cms/rights), the quick access and
        the profile page."""
        from cms import navigation
        from cms.rights.registry import register

        from . import profile
        from .rights import WorkspaceRights

        register(WorkspaceRights())
        navigation.register_quick_access(
            "workspaces", _("Meine Arbeitsräume"), profile.workspace_pages_of, order=20
        )
        navigation.register_profile_section(
            "workspaces", "workspaces/_profile_section.html", profile.profile_section, order=20
        )
