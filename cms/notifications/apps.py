from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The notification centre: in-site notifications, e-mail digest, preferences."""

    name = "cms.notifications"
    label = "notifications"
    verbose_name = _("Benachrichtigungen")
