"""While the engine is down, indexing work waits in the database queue and
is replayed when it is back: afterwards the index equals the database.

The engine is "down" for real: the settings point at a closed port, no mock.
The queue is run the way the db_worker runs it (claim, call, record), but
in-process, because db_worker closes database connections, which a
transactional test cannot survive."""

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from search import indexing
from search.engine import get_engine
from tests import factories
from tests.search.conftest import index_all

pytestmark = pytest.mark.search_engine

DEAD_ENGINE = "http://127.0.0.1:1"


def search_tasks():
    """The queued indexing tasks (other apps queue their own work on publish too)."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__startswith="search.tasks."
    )


def run_queue(include_deferred=False):
    """Run every ready task once; returns (succeeded, failed).

    ``include_deferred`` also runs tasks whose ``run_after`` lies in the future:
    the retries, as if their waiting time had passed."""
    rows = search_tasks()
    if not include_deferred:
        rows = rows.ready()
    succeeded = failed = 0
    for result in list(rows.order_by("enqueued_at")):
        result.claim("test-worker")
        try:
            value = result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        except Exception as exc:  # noqa: BLE001 - the task re-enqueued itself before raising
            result.set_failed(exc)
            failed += 1
        else:
            result.set_successful(value)
            succeeded += 1
    return succeeded, failed


def test_changes_during_an_outage_are_replayed(search_engine, news_index, settings):
    live_url = settings.ELASTICSEARCH_URL
    index_all()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ELASTICSEARCH_URL = DEAD_ENGINE

    # 100 items: publish 60, edit (republish) 25 of them, delete 15 others.
    pages = []
    for number in range(60):
        page = factories.NewsPageFactory(
            parent=news_index, title=f"Ausfallmeldung {number}", live=False
        )
        page.save_revision().publish()
        pages.append(Page.objects.get(pk=page.pk).specific)
    for page in pages[:25]:
        page.title = f"{page.title} (geändert)"
        page.save_revision().publish()
    deleted = [page.pk for page in pages[45:]]
    for page in pages[45:]:
        page.delete()
    queued = search_tasks().ready().count()
    assert queued >= 100

    # The engine is down: every task fails and queues its own retry; nothing is lost.
    succeeded, failed = run_queue()
    assert (succeeded, failed) == (0, queued)
    retries = search_tasks()
    assert retries.count() == queued
    assert all(row.args_kwargs["kwargs"]["attempt"] == 1 for row in retries)
    assert all(row.run_after is not None for row in retries)

    # The engine is back: the replay brings the index level with the database.
    settings.ELASTICSEARCH_URL = live_url
    succeeded, failed = run_queue(include_deferred=True)
    assert (succeeded, failed) == (queued, 0)
    assert not search_tasks().exists()

    engine = get_engine()
    engine.refresh()
    assert indexing.compare(engine) == {"missing": [], "stale": [], "extra": []}
    assert engine.get(f"page:{pages[0].pk}")["title"] == "Ausfallmeldung 0 (geändert)"
    assert engine.get(f"page:{pages[30].pk}")["title"] == "Ausfallmeldung 30"
    assert all(engine.get(f"page:{pk}") is None for pk in deleted)
