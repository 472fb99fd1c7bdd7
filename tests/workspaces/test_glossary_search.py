"""Glossary terms in search: indexed as kind "term" with their workspace's
restriction keys (members find them, outsiders never, in results, totals or
suggestions); the database fallback trims the same way; glossary synonyms
and abbreviations widen queries, but only from glossaries the searching
person may read."""

import pytest

from cms.permissions import page_restriction_keys
from search.query import search, suggest
from search.sources import sources, synonym_expansions
from tests.search.conftest import index_all, search_engine  # noqa: F401 (fixture)
from tests.workspaces.conftest import fresh
from workspaces.glossary import services
from workspaces.glossary.models import Term
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db

# Made-up words from letters that form no German compound part, far apart
# from each other, so neither stemming nor fuzzy matching can join them.
SECRET_WORD = "qxjzvkwyf"
SECRET_SYNONYM = "fwykvzjxq"
PUBLIC_WORD = "zvqxwkjfy"
PUBLIC_SYNONYM = "kyfwjqzxv"


def add(workspace, user, term, **extra):
    data = {"term": term, "definition": f"Erklärung von {term}.", **extra}
    return services.save_term(workspace, user, data)


@pytest.fixture
def glossary_terms(workspaces, people):
    secret = add(
        workspaces[Workspace.Kind.SECRET],
        people["owner"],
        SECRET_WORD,
        synonyms=[SECRET_SYNONYM],
        abbreviations=["HHS"],
    )
    public = add(
        workspaces[Workspace.Kind.PUBLIC],
        people["owner"],
        PUBLIC_WORD,
        synonyms=[PUBLIC_SYNONYM],
        abbreviations=["ZQX"],
    )
    return {"secret": secret, "public": public}


@pytest.fixture
def engine(search_engine):  # noqa: F811 (the fixture imported above)
    """The real engine with a fresh index (tests/search/conftest.py)."""
    return search_engine


# --- synonym provider ----------------------------------------------------------------


def test_glossary_synonyms_expand_queries_for_readers(glossary_terms, people):
    member = fresh(people["member"])
    assert f"{SECRET_SYNONYM} 2027" in synonym_expansions(f"{SECRET_WORD} 2027", member)
    expansions = synonym_expansions(f"Stand der {SECRET_SYNONYM}", member)
    assert f"stand der {SECRET_WORD}" in expansions
    assert "stand der hhs" in expansions
    # Abbreviations expand to the term and synonyms.
    assert synonym_expansions("2027", member) == []
    assert SECRET_WORD in synonym_expansions("HHS", member)


def test_secret_glossary_never_expands_an_outsiders_query(glossary_terms, people):
    gast = fresh(people["gast"])
    assert synonym_expansions(SECRET_SYNONYM, gast) == []
    assert synonym_expansions("HHS", gast) == []
    assert synonym_expansions(f"Aushang {SECRET_WORD}", gast) == []
    # The public workspace's glossary works for everyone.
    assert PUBLIC_SYNONYM in synonym_expansions(PUBLIC_WORD, gast)
    assert PUBLIC_WORD in synonym_expansions("zqx", gast)


def test_provider_matches_whole_words_only(glossary_terms, people):
    gast = fresh(people["gast"])
    assert synonym_expansions(f"{PUBLIC_WORD}x", gast) == []
    assert synonym_expansions("zqxa", gast) == []


# --- database fallback ---------------------------------------------------------------


def test_database_matches_are_trimmed(glossary_terms, people):
    source = sources()["term"]
    secret = glossary_terms["secret"]
    assert source.database_matches(fresh(people["member"]), SECRET_SYNONYM, 10) == [secret.pk]
    assert source.database_matches(fresh(people["gast"]), SECRET_SYNONYM, 10) == []
    assert source.database_matches(fresh(people["gast"]), PUBLIC_WORD, 10) == [
        glossary_terms["public"].pk
    ]


# --- the engine ----------------------------------------------------------------------


@pytest.mark.search_engine
def test_terms_are_found_by_readers_only(engine, glossary_terms, workspaces, people):
    index_all(engine)
    secret = glossary_terms["secret"]
    member = search(fresh(people["member"]), SECRET_WORD, record=False).to_dict()
    items = [item for item in member["items"] if item["kind"] == "term"]
    assert [item["id"] for item in items] == [secret.pk]
    assert items[0]["url"].endswith(f"/glossar/{secret.pk}/")
    assert items[0]["silo"] == "workspace"

    outsider = search(fresh(people["gast"]), SECRET_WORD, record=False).to_dict()
    assert outsider["total"] == 0 and outsider["items"] == []
    assert all(
        entry["count"] == 0 or entry["value"] != "workspace"
        for entry in outsider["facets"].get("silo", [])
    )
    assert SECRET_WORD not in str(suggest(fresh(people["gast"]), SECRET_WORD[:4]))
    assert SECRET_WORD in str(suggest(fresh(people["member"]), SECRET_WORD[:4]))
    # The public term is found by everyone, also by its synonym.
    public = search(fresh(people["gast"]), PUBLIC_WORD, record=False).to_dict()
    assert glossary_terms["public"].pk in [i["id"] for i in public["items"] if i["kind"] == "term"]


@pytest.mark.search_engine
def test_changes_and_deletes_reach_the_index(
    engine, glossary_terms, workspaces, people, django_capture_on_commit_callbacks
):
    owner = fresh(people["owner"])
    workspace = workspaces[Workspace.Kind.PUBLIC]
    with django_capture_on_commit_callbacks(execute=True):
        term = add(workspace, owner, "Wjqkfyxzv")
    engine.refresh()
    found = search(owner, "Wjqkfyxzv", record=False).to_dict()
    assert [i["id"] for i in found["items"] if i["kind"] == "term"] == [term.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_term(workspace, owner, Term.objects.get(pk=term.pk))
    engine.refresh()
    gone = search(owner, "Wjqkfyxzv", record=False).to_dict()
    assert not [i for i in gone["items"] if i["kind"] == "term"]


def test_index_document_carries_the_workspace_restriction(glossary_terms, workspaces):
    secret = glossary_terms["secret"]
    doc = sources()["term"].build([secret.pk])[secret.pk]
    page_keys = page_restriction_keys([workspaces["secret"].page_id])
    assert doc["restriction_keys"] == sorted(page_keys[workspaces["secret"].page_id])
    assert doc["restriction_keys"]
    assert doc["kind"] == "term" and doc["title"] == secret.term
    assert SECRET_SYNONYM in doc["body"] and "HHS" in doc["summary"]
