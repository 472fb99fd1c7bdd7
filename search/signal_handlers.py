"""Signals that enqueue indexing tasks.

Connected in SearchConfig.ready(), after cms.permissions (earlier in
INSTALLED_APPS) has updated its restriction index for the same signal, so
the tasks read up-to-date restriction keys even when they run at once."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import IntranetDocument
from offices.models import OrgUnit

from . import tasks
from .documents import key
from .indexing import indexing_enabled


def _sync(*doc_ids):
    if indexing_enabled():
        tasks.sync_items.enqueue(list(doc_ids))


@receiver(page_published)
@receiver(page_unpublished)
def page_state_changed(sender, instance, **kwargs):
    """Published → indexed with its new content; unpublished → removed."""
    _sync(key("page", instance.pk))


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    """URL, silo and restriction keys of the whole subtree may have changed."""
    if indexing_enabled():
        tasks.reindex_page_subtree.enqueue(instance.pk)


@receiver(post_delete)
def item_deleted(sender, instance, **kwargs):
    """Any page (specific classes are senders too), document or unit deleted."""
    if isinstance(instance, Page):
        _sync(key("page", instance.pk))
    elif isinstance(instance, IntranetDocument):
        _sync(key("document", instance.pk))
    elif isinstance(instance, OrgUnit):
        _sync(key("unit", instance.pk))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_restriction_changed(sender, instance, **kwargs):
    """A restriction added, changed or removed: new keys for the subtree."""
    if indexing_enabled():
        tasks.reindex_page_subtree.enqueue(instance.page_id)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def collection_restriction_changed(sender, instance, **kwargs):
    """A collection restriction added, changed or removed: new keys for its documents."""
    if indexing_enabled():
        tasks.reindex_collection.enqueue(instance.collection_id)


@receiver(post_save, sender=Collection)
def collection_saved(sender, instance, created, raw=False, **kwargs):
    """A moved collection takes on other restrictions (new ones hold no documents)."""
    if not created and not raw and indexing_enabled():
        tasks.reindex_collection.enqueue(instance.pk)


@receiver(post_init, sender=IntranetDocument)
def document_loaded(sender, instance, **kwargs):
    """Remember the file as loaded, to tell a new upload from a title edit."""
    instance._search_original_file = (
        instance.file.name if instance.file else "",
        instance.file_hash,
    )


@receiver(post_save, sender=IntranetDocument)
def document_saved(sender, instance, created, raw=False, **kwargs):
    """New file → extract its text (which then indexes); otherwise re-index."""
    if raw or not indexing_enabled():
        return
    current = (instance.file.name if instance.file else "", instance.file_hash)
    if created or current != getattr(instance, "_search_original_file", None):
        instance._search_original_file = current
        tasks.extract_document.enqueue(instance.pk)
    else:
        _sync(key("document", instance.pk))


@receiver(post_save, sender=OrgUnit)
def unit_saved(sender, instance, raw=False, **kwargs):
    """A unit's name or place in the tree changed."""
    if not raw:
        _sync(key("unit", instance.pk))
