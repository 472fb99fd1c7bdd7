"""Pages created live without ``page_published`` (office intranets, scripts)
are indexed, with the restriction keys of their place; pages created and
published at once are indexed only once."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from home.models import ContentPage
from search import tasks
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]


@pytest.fixture
def restricted_area(home_page):
    area = factories.ContentPageFactory(parent=home_page, slug="intern", title="Intern")
    restriction = PageViewRestriction.objects.create(
        page=area, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Interne")])
    restriction.save()
    return area, restriction


@pytest.fixture
def finished_tasks():
    """The names and return values of the tasks that ran during the test."""
    ran = []

    def record(sender, task_result, **kwargs):
        ran.append((task_result.task.name, task_result.args, task_result.return_value))

    task_finished.connect(record)
    yield ran
    task_finished.disconnect(record)


def syncs_of(ran, page):
    """How often the page was written to the index."""
    doc_id = f"page:{page.pk}"
    written = [r for r in ran if r[0] == "sync_items" and doc_id in r[1][0]]
    written += [
        r
        for r in ran
        if r[0] == "index_new_page" and r[1] == [page.pk] and "skipped" not in (r[2] or {})
    ]
    return len(written)


def test_page_created_live_is_indexed_with_its_keys(
    search_engine, restricted_area, django_capture_on_commit_callbacks
):
    area, restriction = restricted_area
    with django_capture_on_commit_callbacks(execute=True):
        page = area.add_child(instance=ContentPage(title="Neu angelegt Wxqzv", slug="neu"))
    doc = search_engine.get(f"page:{page.pk}")
    assert doc["title"] == "Neu angelegt Wxqzv"
    assert doc["restriction_keys"] == [f"p{restriction.pk}"]
    assert doc["url"] == "/intern/neu/"


def test_draft_pages_are_not_indexed(search_engine, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = home_page.add_child(instance=ContentPage(title="Entwurf", slug="e", live=False))
    assert callbacks == []
    assert search_engine.get(f"page:{page.pk}") is None


def test_create_and_publish_indexes_once(
    search_engine, home_page, finished_tasks, django_capture_on_commit_callbacks
):
    # What the admin's "publish" on a new page and offices.services do: create
    # live, then publish a revision, in one transaction here.
    with django_capture_on_commit_callbacks(execute=True):
        page = home_page.add_child(instance=ContentPage(title="Sofort live", slug="sofort"))
        page.save_revision().publish()
    assert search_engine.get(f"page:{page.pk}")["title"] == "Sofort live"
    assert syncs_of(finished_tasks, page) == 1
    assert ("index_new_page", [page.pk], {"skipped": 1}) in finished_tasks


def test_script_page_without_revision_is_written_once(
    search_engine, home_page, finished_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = home_page.add_child(instance=ContentPage(title="Skript", slug="skript"))
    assert syncs_of(finished_tasks, page) == 1
    assert search_engine.get(f"page:{page.pk}") is not None


def test_queue_waits_before_indexing_a_new_page(search_engine, home_page, settings):
    # On the database queue the task waits, so that a publish right after the
    # creation (same request) has set the live revision when it runs.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = timezone.now()
    page = home_page.add_child(instance=ContentPage(title="Später", slug="spaeter"))
    queued = DBTaskResult.objects.get(task_path="search.tasks.index_new_page")
    assert queued.args_kwargs["args"] == [page.pk]
    assert queued.run_after >= before + datetime.timedelta(seconds=5)
    page.save_revision().publish()
    # When it runs, it sees the live revision and leaves the work to page_published.
    assert tasks.index_new_page.call(page.pk) == {"skipped": 1}
    Page.objects.filter(pk=page.pk).update(live_revision=None)
    assert tasks.index_new_page.call(page.pk) == {"indexed": 1, "deleted": 0}
