from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    """The rights applier: turns config/roles.yaml and the instances the apps
    provide (offices, areas, workspaces) into group, page, collection and
    model permissions, admin access and view restrictions."""

    name = "cms.rights"
    label = "rights"
    verbose_name = _("Rechte")
