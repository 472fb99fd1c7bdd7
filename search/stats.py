"""Query statistics off the request path: searches are counted in memory and
written in one transaction every ``SEARCH_QUERY_STATS_FLUSH_SECONDS`` by a
background thread of the process (and when the process exits).

A write per search made every search queue for SQLite's single write lock
(20 parallel searches on the embedded default answered 500 „database is
locked“); a task per search would only move that write into the task table.
A batch is one short write per process and interval. What a crashed process
had not yet written is lost: at most a few seconds of anonymous counts.
With the interval 0 (the tests) every search is written at once."""

import atexit
import logging
import os
import threading
import time
from collections import defaultdict

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from .models import QueryStat, normalise_query

logger = logging.getLogger(__name__)
DEFAULT_FLUSH_SECONDS = 5.0


def flush_seconds():
    """Seconds between two batched writes (``SEARCH_QUERY_STATS_FLUSH_SECONDS``,
    default 5; 0 writes every search at once)."""
    return float(getattr(settings, "SEARCH_QUERY_STATS_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS))


class QueryStatBuffer:
    """The counts of one process not yet written, and the thread that writes them."""

    def __init__(self, autostart=True):
        self._lock = threading.Lock()
        self._counts = defaultdict(lambda: [0, 0])
        # A buffer without a thread is flushed by whoever holds it (tests).
        self._thread_pid = None if autostart else -1

    def add(self, query, total):
        """Count one search for ``query`` (with ``total`` results)."""
        normalised = normalise_query(query)
        if not normalised:
            return
        interval = flush_seconds()
        if interval <= 0:
            QueryStat.record(query, total)
            return
        with self._lock:
            entry = self._counts[(normalised, timezone.localdate())]
            entry[0] += 1
            entry[1] += 1 if total == 0 else 0
            if self._thread_pid not in (os.getpid(), -1):  # none yet, or forked
                self._thread_pid = os.getpid()
                threading.Thread(
                    target=self._run, args=(interval,), name="query-stats", daemon=True
                ).start()

    def pending(self):
        """The counts not yet written, ``{(query, day): (searches, zero)}``."""
        with self._lock:
            return {key: tuple(value) for key, value in self._counts.items()}

    def flush(self):
        """Write the pending counts in one transaction. If the database
        refuses, they stay pending for the next flush."""
        with self._lock:
            counts = {key: tuple(value) for key, value in self._counts.items()}
            self._counts.clear()
        if not counts:
            return 0
        try:
            QueryStat.add_counts(counts)
        except DatabaseError:
            logger.warning("Suchstatistik nicht geschrieben, neuer Versuch später", exc_info=True)
            with self._lock:
                for key, (searches, zero) in counts.items():
                    self._counts[key][0] += searches
                    self._counts[key][1] += zero
            return 0
        return len(counts)

    def _run(self, interval):
        while True:
            time.sleep(interval)
            try:
                self.flush()
            finally:
                # This thread's own connection, not kept between two flushes.
                connections.close_all()


buffer = QueryStatBuffer()


def record_search(query, total):
    """Count one search (see the module docstring for when it is written)."""
    buffer.add(query, total)


@atexit.register
def _flush_at_exit():
    try:
        buffer.flush()
    except Exception:  # noqa: BLE001 - the interpreter is shutting down; never raise here
        logger.warning("Suchstatistik beim Beenden nicht geschrieben", exc_info=True)
