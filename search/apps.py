from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Indexing and permission-aware search."""

    name = "search"
    verbose_name = _("Suche")

    def ready(self):
        """Connect the indexing signal handlers."""
        from . import signal_handlers  # noqa: F401
