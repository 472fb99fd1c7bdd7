"""Each page of engine hits is checked again against the permission core.

Tasks run on the database queue here, as in production, so the re-indexing
that a restriction change enqueues has not run: the index still carries the
old restriction keys, and only the re-check keeps the item hidden."""

import datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.models import BaseViewRestriction, CollectionViewRestriction, PageViewRestriction

from search.query import search, suggest
from search.recheck import visible_keys
from tests import factories
from tests.search.conftest import index_all
from tests.workspaces.conftest import fresh, people, workspaces  # noqa: F401
from workspaces.calendar.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]

WORD = "Zwischenstandqv"


@pytest.fixture
def corpus(search_engine, news_index, workspaces, people, settings):  # noqa: F811
    """Three news, a document and an event with ``WORD``, indexed; then the
    database task queue, so nothing queued from here on runs."""
    news = [
        factories.NewsPageFactory(parent=news_index, title=f"{WORD} Meldung {n}", slug=f"m{n}")
        for n in range(3)
    ]
    collection = factories.CollectionFactory(name="Vorlagen")
    document = factories.DocumentFactory(collection=collection, title=f"{WORD} Vorlage")
    public = workspaces["public"]
    start = timezone.now() + datetime.timedelta(days=3)
    event = Event.objects.create(
        workspace=public,
        title=f"{WORD} Klausur",
        start=start,
        end=start + datetime.timedelta(hours=2),
        created_by=people["owner"],
    )
    index_all(search_engine)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return {"news": news, "document": document, "event": event, "workspace": public}


def restrict(model, field, target):
    restriction = model.objects.create(
        **{field: target}, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name=f"Nur {target.pk} {model.__name__}")])
    return restriction


def keys(result):
    return {(item["kind"], item["id"]) for item in result.items}


def count_of(result, facet, value):
    return next((e["count"] for e in result.facets[facet] if e["value"] == value), 0)


def test_a_restriction_hides_the_hit_before_the_index_knows(corpus, people, search_engine):  # noqa: F811
    reader = fresh(people["gast"])
    before = search(reader, WORD, record=False)
    assert before.total == 5
    hidden_page, hidden_document = corpus["news"][0], corpus["document"]

    restrict(PageViewRestriction, "page", hidden_page)
    restrict(CollectionViewRestriction, "collection", hidden_document.collection)
    restrict(PageViewRestriction, "page", corpus["workspace"].page)

    # The re-indexing waits in the queue; the index still has the old keys.
    assert DBTaskResult.objects.filter(task_path__startswith="search.tasks.").exists()
    search_engine.refresh()
    assert search_engine.get(f"page:{hidden_page.pk}")["restriction_keys"] == []

    result = search(fresh(people["gast"]), WORD, record=False)
    assert keys(result) == {("page", page.pk) for page in corpus["news"][1:]}
    assert result.total == 2
    assert count_of(result, "content_type", "home.NewsPage") == 2
    assert count_of(result, "content_type", "document") == 0
    assert count_of(result, "silo", "workspace") == 0
    assert sum(e["count"] for e in result.facets["date"]) <= 2
    titles = suggest(fresh(people["gast"]), WORD)
    assert hidden_page.title not in titles
    assert f"{WORD} Vorlage" not in titles and f"{WORD} Klausur" not in titles
    assert len(titles) == 2


def test_an_expired_page_leaves_the_results_at_once(corpus, people):  # noqa: F811
    page = corpus["news"][1]
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save(update_fields=["expire_at"])
    result = search(fresh(people["gast"]), WORD, record=False)
    assert ("page", page.pk) not in keys(result)
    assert result.total == 4


def test_members_keep_seeing_what_they_may(corpus, people):  # noqa: F811
    restrict(PageViewRestriction, "page", corpus["workspace"].page)
    # Nobody is in the new restriction's group, but a superuser passes everything.
    admin = factories.UserFactory(is_superuser=True)
    assert search(admin, WORD, record=False).total == 5


def test_the_recheck_is_one_query_for_every_kind(corpus, people):  # noqa: F811
    reader = fresh(people["gast"])
    wanted = [("page", p.pk) for p in corpus["news"]]
    wanted += [("document", corpus["document"].pk), ("event", corpus["event"].pk)]
    visible_keys(reader, wanted)  # fills the user's cached restriction look-ups
    with CaptureQueriesContext(connection) as queries:
        passed = visible_keys(reader, wanted)
    assert len(queries) == 1
    assert passed == set(wanted)


def test_did_you_mean_offers_no_word_of_a_page_hidden_before_the_index_knows(
    search_engine,
    news_index,
    people,  # noqa: F811
    settings,
):
    """A typo of a word found only in one news item: corrected while the item
    is visible, no longer once it is restricted, although the index still
    carries the old keys (the re-indexing waits in the database queue)."""
    page = factories.NewsPageFactory(
        parent=news_index, title="Haushaltssperre verhängt", slug="sperre"
    )
    factories.NewsPageFactory(parent=news_index, title="Sommerfest im Park", slug="fest")
    index_all(search_engine)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    typo = "Haushaltssperrre"
    assert search(fresh(people["gast"]), typo, record=False).suggestion == "Haushaltssperre"

    restrict(PageViewRestriction, "page", page)
    search_engine.refresh()
    assert search_engine.get(f"page:{page.pk}")["restriction_keys"] == []
    assert search(fresh(people["gast"]), typo, record=False).suggestion is None
