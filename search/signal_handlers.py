"""Signals that enqueue indexing tasks.

Connected in SearchConfig.ready(), after cms.permissions (earlier in
INSTALLED_APPS) has updated its restriction index for the same signal, so
the tasks read up-to-date restriction keys even when they run at once."""

from datetime import timedelta

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone

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


# A page created live is indexed this long after its creation, when whatever
# created it has finished: by then a page that was created to be published
# at once has its live revision, was indexed on ``page_published`` and is
# skipped (tasks.index_new_page), so creating and publishing indexes once.
NEW_PAGE_DELAY = timedelta(seconds=10)


@receiver(post_save)
def page_created_live(sender, instance, created, raw=False, **kwargs):
    """A page created live without ``page_published`` (office intranets made
    by offices.services, pages made by scripts) is indexed too. Connected
    for every sender because Wagtail saves pages under their specific class;
    cms.permissions has updated the restriction index for it by now."""
    if not created or raw or not isinstance(instance, Page) or not instance.live:
        return
    if instance.depth <= 1 or not indexing_enabled():
        return
    task, pk = tasks.index_new_page, instance.pk
    if task.get_backend().supports_defer:
        task.using(run_after=timezone.now() + NEW_PAGE_DELAY).enqueue(pk)
    else:
        # Immediate backend (tests, development without a worker): wait for
        # the transaction, so a publish in the same transaction is seen.
        transaction.on_commit(lambda: task.enqueue(pk))


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
