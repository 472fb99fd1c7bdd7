from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    """The permission core: the one place that turns view restrictions into
    what a user may see."""

    name = "cms.permissions"
    label = "permissions"
    verbose_name = _("Berechtigungen")

    def ready(self):
        from . import signal_handlers  # noqa: F401
