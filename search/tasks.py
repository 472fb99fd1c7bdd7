"""Indexing as background tasks (django-tasks, database backend in production).

django-tasks has no automatic retries, so each task catches
``EngineUnavailable`` and enqueues itself again with ``run_after`` a growing
delay, up to ``MAX_ATTEMPTS``. On the database backend the queued row
persists, so nothing is lost while the engine is down; when it is back the
replay writes the current database state (tasks are idempotent)."""

import logging
from datetime import timedelta

from django.utils import timezone

from django_tasks import task

from cms.models import IntranetDocument

from . import indexing
from .documents import key
from .engine import EngineUnavailable
from .extraction import extract_document_text

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 25
# 30 s, 1 min, 2 min … capped at one hour: about a day of outage in 25 attempts.
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)


def retry_delay(attempt):
    """How long to wait before attempt number ``attempt + 1``."""
    return min(BASE_DELAY * (2**attempt), MAX_DELAY)


def _retry(task_obj, args, attempt, exc):
    """Enqueue ``task_obj`` again later, or give up after ``MAX_ATTEMPTS``."""
    backend = task_obj.get_backend()
    if attempt + 1 >= MAX_ATTEMPTS:
        logger.error("Indexing gave up after %s attempts: %s", attempt + 1, exc)
        raise exc
    if not backend.supports_defer:
        # Immediate backend (tests, development): no queue to wait in;
        # search_check --repair catches up later.
        logger.warning("Search engine unavailable, change not indexed: %s", exc)
        return
    run_after = timezone.now() + retry_delay(attempt)
    task_obj.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    logger.warning("Search engine unavailable, retry %s at %s: %s", attempt + 1, run_after, exc)
    # Raise so this attempt is recorded as failed; the retry is already queued.
    raise exc


@task()
def sync_items(doc_ids, attempt=0):
    """Write the current state of the items ``doc_ids`` ("page:12", …) to the index."""
    try:
        return indexing.sync(doc_ids)
    except EngineUnavailable as exc:
        _retry(sync_items, (doc_ids,), attempt, exc)


@task()
def reindex_page_subtree(page_id, attempt=0):
    """Re-index a page and everything below it (moved, restriction changed)."""
    try:
        return indexing.sync_in_batches(indexing.subtree_keys(page_id))
    except EngineUnavailable as exc:
        _retry(reindex_page_subtree, (page_id,), attempt, exc)


@task()
def reindex_collection(collection_id, attempt=0):
    """Re-index the documents of a collection and its sub-collections."""
    try:
        return indexing.sync_in_batches(indexing.collection_keys(collection_id))
    except EngineUnavailable as exc:
        _retry(reindex_collection, (collection_id,), attempt, exc)


@task()
def index_new_page(page_id, attempt=0):
    """Index a page that was created live (scripts, imports, copies).

    Pages published through a revision (the admin's "publish", or a script
    calling ``save_revision().publish()``) have a live revision by the time
    this runs and were indexed on ``page_published``: they are skipped, so
    normal publishing is indexed once."""
    from wagtail.models import Page

    row = Page.objects.filter(pk=page_id).values("live", "live_revision_id").first()
    if row is not None and row["live"] and row["live_revision_id"]:
        return {"skipped": 1}
    try:
        return indexing.sync([key("page", page_id)])
    except EngineUnavailable as exc:
        _retry(index_new_page, (page_id,), attempt, exc)


@task()
def extract_document(document_id):
    """Extract the text inside a document's file into ``extracted_text``, then index it.

    Never raises for a broken file (the text is then ""). If the engine is
    down, only the indexing is queued again, not the extraction."""
    document = IntranetDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    text = extract_document_text(document)
    # update() instead of save(): no post_save, so no second extraction round.
    IntranetDocument.objects.filter(pk=document_id).update(extracted_text=text)
    if indexing.indexing_enabled():
        sync_items.enqueue([key("document", document_id)])
    return len(text)
