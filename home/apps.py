from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Start page, news, information areas, registers and help."""

    name = "home"
    verbose_name = _("Startseite und Informationen")

    def ready(self):
        """Connect the signal handlers; areas and the start page feed the rights
        applier, and home fills the frame's accessibility statement."""
        from cms import navigation
        from cms.rights.registry import register, register_pages

        from . import services, signal_handlers  # noqa: F401
        from .rights import AreaRights, start_pages

        register(AreaRights())
        register_pages("start_page", start_pages)
        navigation.register_frame_value(
            "accessibility_statement", services.accessibility_statement_for
        )
