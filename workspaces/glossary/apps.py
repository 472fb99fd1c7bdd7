from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceGlossaryConfig(AppConfig):
    """The glossary of a workspace: terms, synonyms, abbreviations, auto-links."""

    name = "workspaces.glossary"
    label = "workspace_glossary"
    verbose_name = _("Arbeitsraum-Glossar")

    def ready(self):
        from search.sources import register, register_synonyms

        from .search_source import TermSource
        from .services import glossary_synonyms

        register(TermSource())
        register_synonyms(glossary_synonyms)
