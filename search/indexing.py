"""Keeping the index in step with the database.

Every write here is idempotent: ``sync`` reads the current database state of
the given items and writes (or deletes) exactly that, so tasks may be
replayed in any order and any number of times after an outage."""

import contextlib
import logging
import queue
import threading

from django.conf import settings

from wagtail.models import Collection, Page

from cms.models import IntranetDocument

from . import documents
from .engine import get_engine
from .sources import sources

logger = logging.getLogger(__name__)


def indexing_enabled():
    """Whether changes should be sent to the engine at all."""
    return bool(
        getattr(settings, "SEARCH_INDEXING_ENABLED", True)
        and getattr(settings, "ELASTICSEARCH_URL", "")
    )


def actions_for(built):
    """Bulk actions for ``{_id: document or None}`` (None → delete)."""
    for doc_id, doc in built.items():
        if doc is None:
            yield {"_op_type": "delete", "_id": doc_id}
        else:
            yield {"_op_type": "index", "_id": doc_id, "_source": doc}


def sync(doc_ids, engine=None, refresh=False):
    """Write the current state of the items ``doc_ids`` ("page:12", …) to the index.

    Raises ``EngineUnavailable`` when the engine is down (the task retries)."""
    engine = engine or get_engine()
    if engine is None or not doc_ids:
        return {"indexed": 0, "deleted": 0}
    engine.ensure_index()
    return engine.bulk(actions_for(documents.documents_for_keys(list(doc_ids))), refresh=refresh)


def subtree_keys(page_id):
    """The ``_id`` of a page and every page below it (nothing if it is gone),
    and of the items of registered sources governed by them."""
    root = Page.objects.filter(pk=page_id).only("path").first()
    if root is None:
        return []
    ids = Page.objects.filter(path__startswith=root.path).values_list("pk", flat=True)
    keys = [documents.key("page", pk) for pk in ids]
    for kind, source in sources().items():
        keys += [documents.key(kind, pk) for pk in source.keys_below_page(root.path)]
    return keys


def collection_keys(collection_id):
    """The ``_id`` of every document in a collection and the collections below it."""
    root = Collection.objects.filter(pk=collection_id).only("path").first()
    if root is None:
        return []
    ids = IntranetDocument.objects.filter(collection__path__startswith=root.path).values_list(
        "pk", flat=True
    )
    return [documents.key("document", pk) for pk in ids]


def sync_in_batches(doc_ids, engine=None, batch_size=documents.BATCH_SIZE):
    """``sync`` a long list piece by piece (subtree and collection re-indexing)."""
    total = {"indexed": 0, "deleted": 0}
    for start in range(0, len(doc_ids), batch_size):
        counts = sync(doc_ids[start : start + batch_size], engine=engine)
        for name in total:
            total[name] += counts[name]
    return total


class _BulkSender:
    """Sends bulk chunks from a background thread while the caller builds the
    next ones: building (Python, database) and indexing (the engine) then run
    side by side instead of taking turns. At most two chunks wait, so memory
    stays bounded. The thread never touches the database."""

    def __init__(self, engine, index, progress):
        self.engine, self.index, self.progress = engine, index, progress
        self.written = 0
        self.error = None
        self.queue = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._work, name="search-bulk", daemon=True)
        self.thread.start()

    def _work(self):
        while True:
            chunk = self.queue.get()
            if chunk is None:
                return
            if self.error is not None:
                continue  # drain, so the producer never blocks
            try:
                self.engine.bulk(chunk, index=self.index)
            except Exception as exc:  # noqa: BLE001 - handed to the caller in send/close
                self.error = exc
                continue
            self.written += len(chunk)
            if self.progress:
                self.progress(len(chunk))

    def send(self, chunk):
        """Queue one chunk (raises what an earlier chunk failed with)."""
        if self.error is not None:
            raise self.error
        self.queue.put(chunk)

    def close(self):
        """Wait for the queued chunks; returns the number of documents written."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.written


def index_all(engine=None, index=None, progress=None, refresh=True, items=None):
    """Bulk-load everything that should be searchable into ``index`` (default:
    the alias). ``progress`` is called with the number of documents written
    after each chunk. Returns the number of documents written. ``items``
    replaces ``documents.iter_all_documents()`` as the source of
    ``(_id, document)`` pairs (the benchmark loads a slice of it).

    Loading into a named index (a rebuild's new index, not yet behind the
    alias) switches its periodic refresh off until the end."""
    engine = engine or get_engine()
    bulk_load = index is not None
    if bulk_load:
        engine.set_refresh_interval(index, "-1")
    sender = _BulkSender(engine, index, progress)
    try:
        chunk = []
        for doc_id, doc in documents.iter_all_documents() if items is None else items:
            chunk.append({"_op_type": "index", "_id": doc_id, "_source": doc})
            if len(chunk) >= documents.BATCH_SIZE:
                sender.send(chunk)
                chunk = []
        if chunk:
            sender.send(chunk)
    except BaseException:
        with contextlib.suppress(Exception):
            sender.close()
        raise
    written = sender.close()
    if bulk_load:
        engine.set_refresh_interval(index, None)
    if refresh:
        engine.refresh(index=index)
    return written


def compare(engine=None):
    """Database against index: ``{"missing": [...], "stale": [...], "extra": [...]}``.

    Missing: should be indexed but is not. Stale: indexed with other
    restriction keys than the database says (the one drift that leaks).
    Extra: indexed but should not be (deleted or unpublished)."""
    engine = engine or get_engine()
    expected = documents.expected_restriction_keys()
    indexed = {
        doc_id: sorted(source.get("restriction_keys") or [])
        for doc_id, source in engine.scan(fields=("restriction_keys",))
    }
    missing = sorted(set(expected) - set(indexed))
    extra = sorted(set(indexed) - set(expected))
    stale = sorted(
        doc_id for doc_id in set(expected) & set(indexed) if expected[doc_id] != indexed[doc_id]
    )
    return {"missing": missing, "stale": stale, "extra": extra}


def repair(report, engine=None):
    """Fix what ``compare`` found: (re)index missing and stale items, delete extra ones."""
    doc_ids = report["missing"] + report["stale"] + report["extra"]
    counts = sync_in_batches(doc_ids, engine=engine)
    (engine or get_engine()).refresh()
    return counts
