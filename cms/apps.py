from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The project package: shared building blocks, templates and commands."""

    name = "cms"
    verbose_name = _("Intranet-Grundlagen")
