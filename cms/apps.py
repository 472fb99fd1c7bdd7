from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The project package: shared building blocks, templates and commands."""

    name = "cms"
    verbose_name = _("Intranet-Grundlagen")

    def ready(self):
        """Make the admin's document and image rights ask the permission core."""
        from cms.admin_guard import register_policies

        register_policies()
