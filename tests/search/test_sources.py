"""Items of registered sources (search/sources.py) on the real engine and in
the database fallback: indexing, changes through ``schedule``, restriction
changes of the governing page, rebuild, ``search_check`` and trimming; and
synonyms from registered providers, used only for what the reader may see.

The source here is tiny: "notes" kept in a dict, each governed by a page (as
a workspace event is governed by its workspace page)."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command

import pytest
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from cms.permissions import can_view_page, page_restriction_keys
from search import engine as engine_module
from search import indexing, sources
from search.models import Synonym
from search.query import query_variants, search, suggest
from tests import factories

pytestmark = [pytest.mark.django_db]

KIND = "testnote"


class NoteSource(sources.SearchSource):
    """Notes ``{pk: {"title", "body", "page_id"}}``, readable by whoever may read their page."""

    kind = KIND

    def __init__(self):
        self.notes = {}

    def ids(self):
        return list(self.notes)

    def build(self, pks):
        wanted = [pk for pk in pks if pk in self.notes]
        keys = page_restriction_keys([self.notes[pk]["page_id"] for pk in wanted])
        return {
            pk: {
                "kind": KIND,
                "content_type": "testnote",
                "content_type_label": "Notiz",
                "silo": "workspace",
                "tags": [],
                "title": self.notes[pk]["title"],
                "summary": "",
                "body": self.notes[pk]["body"],
                "url": f"/notizen/{pk}/",
                "date": None,
                "locale": "de",
                "outdated": False,
                "restriction_keys": sorted(keys[self.notes[pk]["page_id"]]),
            }
            for pk in wanted
        }

    def keys_below_page(self, path):
        pages = set(Page.objects.filter(path__startswith=path).values_list("pk", flat=True))
        return [pk for pk, note in self.notes.items() if note["page_id"] in pages]

    def visible(self, user, pks):
        # Kept outside the database: answers with pks (search/sources.py).
        return [pk for pk in pks if pk in self.notes and can_view_page(user, self._page(pk))]

    def _page(self, pk):
        return Page.objects.filter(pk=self.notes[pk]["page_id"]).first()

    def database_matches(self, user, text, limit):
        text = text.lower()
        found = []
        for pk, note in sorted(self.notes.items()):
            page = Page.objects.get(pk=note["page_id"])
            if text in (note["title"] + " " + note["body"]).lower() and can_view_page(user, page):
                found.append(pk)
        return found[:limit]


@pytest.fixture
def source():
    """The note source, registered for one test only."""
    registered = sources.register(NoteSource())
    yield registered
    sources._SOURCES.pop(KIND, None)


@pytest.fixture
def world(source, home_page):
    """A public page and a restricted one with a note each; a member and an outsider."""
    group = Group.objects.create(name="Notizkreis")
    public = factories.ContentPageFactory(parent=home_page, title="Offen", slug="offen")
    secret = factories.ContentPageFactory(parent=home_page, title="Zu", slug="zu")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()
    source.notes[1] = {"title": "Notiz Kwyfjaxo", "body": "gemeinsam offen", "page_id": public.pk}
    source.notes[2] = {"title": "Notiz Vzqjwykf", "body": "gemeinsam geheim", "page_id": secret.pk}
    member = factories.UserFactory(username="notizmitglied")
    member.groups.add(group)
    outsider = factories.UserFactory(username="notizgast")
    return {
        "public": public,
        "secret": secret,
        "restriction": restriction,
        "group": group,
        "member": member,
        "outsider": outsider,
    }


def hits(result, kind=KIND):
    return {item["id"] for item in result.items if item["kind"] == kind}


def fresh(user):
    return type(user).objects.get(pk=user.pk)


# --- the engine ----------------------------------------------------------------


@pytest.mark.search_engine
def test_indexed_and_trimmed_on_the_engine(search_engine, indexed, world):
    indexed()
    assert search_engine.get(f"{KIND}:2")["restriction_keys"] == [f"p{world['restriction'].pk}"]
    outsider = search(world["outsider"], "gemeinsam", record=False)
    assert hits(outsider) == {1}
    assert outsider.total == 1
    assert sum(e["count"] for e in outsider.facets["content_type"]) == 1
    assert search(world["outsider"], "Vzqjwykf", record=False).total == 0
    assert "Notiz Vzqjwykf" not in suggest(world["outsider"], "Notiz")
    member = search(world["member"], "gemeinsam", record=False)
    assert hits(member) == {1, 2}
    assert set(suggest(world["member"], "Notiz")) == {"Notiz Kwyfjaxo", "Notiz Vzqjwykf"}


@pytest.mark.search_engine
def test_schedule_indexes_changes_and_deletes(search_engine, world, source):
    source.notes[1]["title"] = "Notiz Geändert"
    sources.schedule(KIND, 1)
    assert search_engine.get(f"{KIND}:1")["title"] == "Notiz Geändert"
    del source.notes[1]
    sources.schedule(KIND, 1)
    assert search_engine.get(f"{KIND}:1") is None


@pytest.mark.search_engine
def test_restriction_change_reaches_items_below_the_page(search_engine, indexed, world):
    indexed()
    assert search_engine.get(f"{KIND}:1")["restriction_keys"] == []
    restriction = PageViewRestriction.objects.create(
        page=world["public"], restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([world["group"]])
    restriction.save()
    assert search_engine.get(f"{KIND}:1")["restriction_keys"] == [f"p{restriction.pk}"]
    search_engine.refresh()
    assert hits(search(fresh(world["outsider"]), "gemeinsam", record=False)) == set()
    restriction.delete()
    assert search_engine.get(f"{KIND}:1")["restriction_keys"] == []


@pytest.mark.search_engine
def test_rebuild_and_search_check_cover_sources(search_engine, world, source):
    out = StringIO()
    call_command("rebuild_index", "--dry-run", stdout=out)
    assert f"{KIND}: 2" in out.getvalue()
    call_command("rebuild_index", stdout=StringIO())
    assert search_engine.get(f"{KIND}:2")["title"] == "Notiz Vzqjwykf"
    assert indexing.compare(search_engine) == {"missing": [], "stale": [], "extra": []}
    # Drift: one note gone from the index, one with wrong keys, one left over.
    source.notes[3] = {"title": "Notiz neu", "body": "", "page_id": world["public"].pk}
    search_engine.bulk(
        [
            {
                "_op_type": "index",
                "_id": f"{KIND}:2",
                "_source": {"title": "Notiz Vzqjwykf", "restriction_keys": []},
            },
            {"_op_type": "index", "_id": f"{KIND}:99", "_source": {"title": "weg"}},
        ],
        refresh=True,
    )
    report = indexing.compare(search_engine)
    assert report == {"missing": [f"{KIND}:3"], "stale": [f"{KIND}:2"], "extra": [f"{KIND}:99"]}
    out = StringIO()
    call_command("search_check", "--repair", stdout=out)
    assert "veraltet: 1" in out.getvalue()
    assert indexing.compare(search_engine) == {"missing": [], "stale": [], "extra": []}
    search_engine.refresh()
    assert search(world["outsider"], "Vzqjwykf", record=False).total == 0


# --- the database fallback -------------------------------------------------------


@pytest.fixture
def no_engine(settings):
    settings.ELASTICSEARCH_URL = ""
    engine_module._engines.clear()
    yield
    engine_module._engines.clear()


def test_database_fallback_finds_and_trims_source_items(no_engine, world):
    outsider = search(world["outsider"], "gemeinsam", record=False)
    assert outsider.degraded
    assert hits(outsider) == {1} and outsider.total == 1
    assert [e["value"] for e in outsider.facets["content_type"]] == ["testnote"]
    assert search(world["outsider"], "Vzqjwykf", record=False).total == 0
    assert suggest(world["outsider"], "notiz") == ["Notiz Kwyfjaxo"]
    assert hits(search(world["member"], "gemeinsam", record=False)) == {1, 2}
    assert suggest(world["member"], "Notiz") == ["Notiz Kwyfjaxo", "Notiz Vzqjwykf"]


def test_database_fallback_trims_even_a_careless_source(no_engine, world, source):
    # A source that forgets to check visibility still cannot leak: the built
    # document's restriction keys are checked again.
    source.database_matches = lambda user, text, limit: list(source.notes)[:limit]
    found = search(world["outsider"], "Vzqjwykf", record=False)
    assert 2 not in hits(found) and found.total == len(found.items)
    assert "Notiz Vzqjwykf" not in suggest(world["outsider"], "Notiz")


# --- synonyms from providers -----------------------------------------------------


@pytest.fixture
def glossary(world):
    """A provider like a workspace glossary: "Zqxkürzel" stands for "Kwyfjaxo",
    but only in the restricted page's glossary."""

    def provider(query, user):
        if "zqxkürzel" in query.lower() and can_view_page(user, world["secret"]):
            return ["Kwyfjaxo"]
        return []

    sources.register_synonyms(provider)
    yield provider
    sources._SYNONYM_PROVIDERS.remove(provider)


def test_variants_combine_editors_and_providers(world, glossary):
    Synonym.objects.create(term="zqxkürzel", synonyms="Notizbuch")
    assert query_variants("Zqxkürzel", fresh(world["member"])) == [
        "Zqxkürzel",
        "notizbuch",
        "kwyfjaxo",
    ]
    assert query_variants("Zqxkürzel", fresh(world["outsider"])) == ["Zqxkürzel", "notizbuch"]


@pytest.mark.search_engine
def test_provider_synonyms_only_for_who_may_see_them_on_the_engine(
    search_engine, indexed, world, glossary
):
    indexed()
    assert hits(search(fresh(world["member"]), "Zqxkürzel", record=False)) == {1}
    outsider = search(fresh(world["outsider"]), "Zqxkürzel", record=False)
    assert outsider.total == 0 and not outsider.items


def test_provider_synonyms_only_for_who_may_see_them_in_the_database(no_engine, world, glossary):
    assert hits(search(fresh(world["member"]), "Zqxkürzel", record=False)) == {1}
    assert search(fresh(world["outsider"]), "Zqxkürzel", record=False).total == 0
