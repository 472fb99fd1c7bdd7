from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Wagtail's migrations name the tree's root page and the root collection
# „Root“, which the admin shows in breadcrumbs, the page explorer, the
# collection lists and the collection fields of uploads.
ROOT_PAGE_TITLE = "Alle Websites"
ROOT_COLLECTION_NAME = "Allgemein"


def german_root_title(sender, using="default", **kwargs):
    """Rename the root page and the root collection from Wagtail's „Root“
    after migrating (idempotent: a name an administrator chose stays)."""
    from wagtail.models import Collection, Page

    Page.objects.using(using).filter(depth=1, title="Root").update(
        title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE
    )
    Collection.objects.using(using).filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)


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
