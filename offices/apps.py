from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    """Org structure: units, memberships, office intranets and roles."""

    name = "offices"
    verbose_name = _("Organisation")

    def ready(self):
        """Connect the signal handlers; offices feed the rights applier and the
        quick access of the page frame."""
        from cms import navigation
        from cms.rights.registry import register

        from . import profile, signal_handlers  # noqa: F401
        from .rights import OfficeRights

        register(OfficeRights())
        navigation.register_quick_access(
            "offices", _("Meine Ämter"), profile.office_intranets_of, order=10
        )
