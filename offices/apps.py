from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    """Org structure: units, memberships, office intranets and roles."""

    name = "offices"
    verbose_name = _("Organisation")

    def ready(self):
        from . import signal_handlers  # noqa: F401
