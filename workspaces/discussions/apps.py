from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceDiscussionsConfig(AppConfig):
    """Discussions of a workspace: threads, replies, mentions and moderation."""

    name = "workspaces.discussions"
    label = "workspace_discussions"
    verbose_name = _("Arbeitsraum-Diskussionen")

    def ready(self):
        from search.sources import register

        from . import signal_handlers  # noqa: F401 - connects the receivers
        from .search_source import ThreadSource

        register(ThreadSource())
