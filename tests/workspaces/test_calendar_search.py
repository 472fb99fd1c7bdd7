"""Events in search (kind "event"): members find the events of their
workspaces, outsiders never find those of private or secret ones – not in
results, totals or facets; the database fallback trims the same way."""

import datetime

from django.utils import timezone

import pytest

from cms.permissions import page_restriction_keys
from search.query import search
from search.sources import sources
from tests.search.conftest import index_all, search_engine  # noqa: F401 (fixture)
from tests.workspaces.conftest import fresh
from workspaces.calendar import services
from workspaces.calendar.models import Event
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db

# Made-up words no stemming or fuzzy matching joins (see tests/search/test_search_leak.py).
WORDS = {
    Workspace.Kind.PUBLIC: "wqvjkzxfy",
    Workspace.Kind.PRIVATE: "jyqfxwzkv",
    Workspace.Kind.SECRET: "xkzwvfqjy",
}


def at(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def events(workspaces, people):
    return {
        kind: Event.objects.create(
            workspace=workspace,
            title=f"Klausur {WORDS[kind]}",
            start=at(4),
            end=at(4, 16),
            description="Gemeinsame Planung",
            created_by=people["owner"],
        )
        for kind, workspace in workspaces.items()
    }


@pytest.fixture
def engine(search_engine):  # noqa: F811 (the fixture imported above)
    return search_engine


def event_ids(result):
    return [item["id"] for item in result["items"] if item["kind"] == "event"]


def test_index_document_carries_the_workspace_restriction(workspaces, events):
    event = events[Workspace.Kind.SECRET]
    doc = sources()["event"].build([event.pk])[event.pk]
    page_id = workspaces[Workspace.Kind.SECRET].page_id
    assert doc["restriction_keys"] == sorted(page_restriction_keys([page_id])[page_id])
    assert doc["restriction_keys"]
    assert doc["kind"] == "event" and doc["silo"] == "workspace"
    assert doc["url"].endswith(f"/kalender/termin/{event.pk}/")


def test_database_matches_are_trimmed(events, people):
    source = sources()["event"]
    secret = events[Workspace.Kind.SECRET]
    assert source.database_matches(fresh(people["member"]), WORDS["secret"], 10) == [secret.pk]
    assert source.database_matches(fresh(people["gast"]), WORDS["secret"], 10) == []
    assert source.database_matches(fresh(people["gast"]), "Klausur", 10) == [
        events[Workspace.Kind.PUBLIC].pk
    ]


@pytest.mark.search_engine
def test_events_are_found_by_readers_only(engine, events, people):
    index_all(engine)
    for kind in (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET):
        member = search(fresh(people["reader"]), WORDS[kind], record=False).to_dict()
        assert event_ids(member) == [events[kind].pk]
        outsider = search(fresh(people["gast"]), WORDS[kind], record=False).to_dict()
        assert outsider["total"] == 0 and outsider["items"] == []
    common = search(fresh(people["gast"]), "Klausur", record=False).to_dict()
    assert event_ids(common) == [events[Workspace.Kind.PUBLIC].pk]
    assert common["total"] == 1
    workspace_facet = [e for e in common["facets"].get("silo", []) if e["value"] == "workspace"]
    assert [e["count"] for e in workspace_facet] in ([1], [])
    everyone = search(fresh(people["member"]), "Klausur", record=False).to_dict()
    assert sorted(event_ids(everyone)) == sorted(e.pk for e in events.values())


@pytest.mark.search_engine
def test_changes_and_deletes_reach_the_index(
    engine, workspaces, people, django_capture_on_commit_callbacks
):
    owner = fresh(people["owner"])
    workspace = workspaces[Workspace.Kind.PUBLIC]
    with django_capture_on_commit_callbacks(execute=True):
        event = services.save_event(
            workspace, owner, {"title": "Fyzqwkjvx", "start": at(2), "end": at(2, 11)}
        )
    engine.refresh()
    assert event_ids(search(owner, "Fyzqwkjvx", record=False).to_dict()) == [event.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_event(event, owner)
    engine.refresh()
    assert event_ids(search(owner, "Fyzqwkjvx", record=False).to_dict()) == []
