from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceGlossaryConfig(AppConfig):
    """The glossary of a workspace: terms, synonyms, abbreviations, auto-links."""

    name = "workspaces.glossary"
    label = "workspace_glossary"
    verbose_name = _("Arbeitsraum-Glossar")
