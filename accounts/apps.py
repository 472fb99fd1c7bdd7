from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Local accounts by invitation, the second factor, sign-in throttling,
    session lifetimes and the security audit log."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Konten und Anmeldung")

    def ready(self):
        from . import signal_handlers  # noqa: F401
