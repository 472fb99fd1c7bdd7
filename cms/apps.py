from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Wagtail's migrations name the tree's root page „Root“, which the admin shows
# in breadcrumbs and the page explorer.
ROOT_PAGE_TITLE = "Alle Websites"


def german_root_title(sender, using="default", **kwargs):
    """Rename the root page from Wagtail's „Root“ after migrating (idempotent:
    a title an administrator chose stays)."""
    from wagtail.models import Page

    Page.objects.using(using).filter(depth=1, title="Root").update(
        title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE
    )


class CmsConfig(AppConfig):
    """The project package: shared building blocks, templates and commands."""

    name = "cms"
    verbose_name = _("Intranet-Grundlagen")

    def ready(self):
        """Make the admin's document and image rights ask the permission core, and
        connect the renaming of the root page to ``migrate``."""
        from cms.admin_guard import register_policies

        register_policies()
        post_migrate.connect(german_root_title, dispatch_uid="cms.german_root_title")
