from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Start page, news, information areas, registers and help."""

    name = "home"
    verbose_name = _("Startseite und Informationen")

    def ready(self):
        from . import signal_handlers  # noqa: F401
