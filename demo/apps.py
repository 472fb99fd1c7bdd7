from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and benchmark data (``seed_demo``, ``seed_scale``); no models."""

    name = "demo"
    verbose_name = _("Demo-Inhalte")
