"""The index follows publishing, unpublishing, moving, deleting and
restriction changes; rebuild_index switches the alias; search_check repairs drift."""

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

import pytest
from wagtail.models import Page, PageViewRestriction

from search import indexing, sources
from search.engine import BulkError
from tests import factories
from tests.search.conftest import index_all

pytestmark = pytest.mark.search_engine


def publish(page):
    """Publish the page's current state as editors do (sends page_published)."""
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def area(home_page):
    return factories.InformationAreaPageFactory(parent=home_page, slug="formulare")


def test_publish_unpublish_delete(search_engine, news_index):
    page = factories.NewsPageFactory(parent=news_index, title="Betriebsausflug", live=False)
    assert search_engine.get(f"page:{page.pk}") is None
    page = publish(page)
    doc = search_engine.get(f"page:{page.pk}")
    assert doc["title"] == "Betriebsausflug"
    assert doc["silo"] == "start" and doc["content_type"] == "home.NewsPage"

    page.title = "Betriebsausflug 2026"
    page = publish(page)
    assert search_engine.get(f"page:{page.pk}")["title"] == "Betriebsausflug 2026"

    page.unpublish()
    assert search_engine.get(f"page:{page.pk}") is None
    page = publish(page)
    assert search_engine.get(f"page:{page.pk}") is not None

    pk = page.pk
    page.delete()
    assert search_engine.get(f"page:{pk}") is None


def test_move_updates_url_and_silo(search_engine, home_page, area):
    page = publish(factories.ContentPageFactory(parent=home_page, slug="umzug", live=False))
    assert search_engine.get(f"page:{page.pk}")["silo"] == "start"
    page.move(area, pos="last-child")
    doc = search_engine.get(f"page:{page.pk}")
    assert doc["silo"] == "area"
    assert doc["url"] == "/formulare/umzug/"


def test_restriction_updates_keys_of_the_subtree(search_engine, area):
    child = publish(factories.ContentPageFactory(parent=area, live=False))
    grandchild = publish(factories.ContentPageFactory(parent=child, live=False))
    assert search_engine.get(f"page:{grandchild.pk}")["restriction_keys"] == []

    restriction = PageViewRestriction.objects.create(
        page=area, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Formularteam"))
    key = f"p{restriction.pk}"
    for page in (area, child, grandchild):
        assert search_engine.get(f"page:{page.pk}")["restriction_keys"] == [key]

    restriction.delete()
    for page in (area, child, grandchild):
        assert search_engine.get(f"page:{page.pk}")["restriction_keys"] == []


def test_documents_and_units_are_indexed(search_engine):
    unit = factories.OrgUnitFactory(code="amt-51", name="Jugendamt")
    doc = search_engine.get(f"unit:{unit.pk}")
    assert doc["title"] == "Jugendamt" and doc["office"] == "amt-51"
    unit.delete()
    assert search_engine.get(f"unit:{unit.pk}") is None


def test_rebuild_index_switches_the_alias(search_engine, news_index):
    factories.NewsPageFactory(parent=news_index, title="Sommerfest")
    old = search_engine.alias_targets()
    call_command("rebuild_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new = search_engine.alias_targets()
    assert len(new) == 1 and new != old
    assert not search_engine.client.indices.exists(index=old[0])
    hits = search_engine.search({"query": {"match": {"title": "Sommerfest"}}})["hits"]
    assert hits["total"]["value"] == 1
    assert indexing.compare(search_engine) == {"missing": [], "stale": [], "extra": []}


def test_rebuild_index_dry_run_writes_nothing(search_engine, news_index, capsys):
    factories.NewsPageFactory(parent=news_index)
    old = search_engine.alias_targets()
    call_command("rebuild_index", "--dry-run")
    assert "page: 3" in capsys.readouterr().out  # start page, news index, news
    assert search_engine.alias_targets() == old


def test_search_check_finds_and_repairs_drift(search_engine, news_index, capsys):
    pages = [factories.NewsPageFactory(parent=news_index) for _ in range(3)]
    index_all()
    search_engine.bulk(
        [
            {"_op_type": "delete", "_id": f"page:{pages[0].pk}"},
            {
                "_op_type": "index",
                "_id": f"page:{pages[1].pk}",
                "_source": {"title": "x", "restriction_keys": ["p999"]},
            },
            {"_op_type": "index", "_id": "page:999999", "_source": {"title": "weg"}},
        ],
        refresh=True,
    )
    call_command("search_check")
    out = capsys.readouterr().out
    assert "fehlend: 1" in out and "veraltet: 1" in out and "überzählig: 1" in out
    call_command("search_check", "--repair")
    assert indexing.compare(search_engine) == {"missing": [], "stale": [], "extra": []}


def test_rebuild_switches_refresh_back_on(search_engine, news_index):
    factories.NewsPageFactory(parent=news_index, title="Sommerfest")
    call_command("rebuild_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (index,) = search_engine.alias_targets()
    settings = search_engine.client.indices.get_settings(index=index)[index]["settings"]
    assert settings["index"].get("refresh_interval") in (None, "1s")


class BrokenSource(sources.SearchSource):
    """Builds a document the engine refuses (a date that is no date)."""

    kind = "kaputt"

    def ids(self):
        return [1]

    def build(self, pks):
        return {pk: {"title": "kaputt", "date": "kein Datum", "restriction_keys": []} for pk in pks}


def test_bulk_errors_of_the_background_sender_reach_the_caller(search_engine, news_index):
    for i in range(3):
        factories.NewsPageFactory(parent=news_index, title=f"Meldung {i}")
    sources.register(BrokenSource())
    try:
        index = search_engine.create_index()
        with pytest.raises(BulkError) as caught:
            indexing.index_all(engine=search_engine, index=index)
        assert caught.value.errors[0]["id"] == "kaputt:1"
        with pytest.raises(CommandError):
            call_command("rebuild_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    finally:
        sources._SOURCES.pop("kaputt", None)
