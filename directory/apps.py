from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Directory sync: people, attributes and group-derived memberships and
    roles from the city's LDAP / Active Directory (``manage.py sync_directory``)."""

    name = "directory"
    verbose_name = _("Verzeichnisabgleich")
    default_auto_field = "django.db.models.BigAutoField"
