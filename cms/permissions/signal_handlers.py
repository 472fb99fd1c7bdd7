"""Keep the restriction indexes in step with restrictions and trees."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import post_page_move

from . import indexing


@receiver(post_save, sender=PageViewRestriction)
def page_restriction_saved(sender, instance, **kwargs):
    """A page restriction was added or changed: rewrite its rows."""
    indexing.index_restriction(indexing.PAGES, instance)


@receiver(post_save, sender=CollectionViewRestriction)
def collection_restriction_saved(sender, instance, **kwargs):
    """A collection restriction was added or changed: rewrite its rows."""
    indexing.index_restriction(indexing.COLLECTIONS, instance)


@receiver(post_save)
def page_created(sender, instance, created, raw=False, **kwargs):
    """A new page inherits the restrictions above it. Connected for every
    sender because Wagtail saves pages under their specific class."""
    if created and not raw and isinstance(instance, Page):
        indexing.index_new_node(indexing.PAGES, instance)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    """A moved subtree leaves the restrictions of its old place and takes on those of the new."""
    indexing.index_subtree(indexing.PAGES, Page.objects.get(pk=instance.pk))


@receiver(post_save, sender=Collection)
def collection_saved(sender, instance, created, raw=False, **kwargs):
    """Collections are few and may be moved in the admin: rewrite the subtree."""
    if not raw:
        indexing.index_subtree(indexing.COLLECTIONS, instance)
