from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The headless API: router, views, serializers, filters, authentication."""

    name = "cms.api"
    label = "intranet_api"
    verbose_name = _("Schnittstelle (API)")
