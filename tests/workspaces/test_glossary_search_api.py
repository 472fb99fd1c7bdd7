"""Glossary synonyms through the search API, end to end on the real engine:
a secret glossary's synonym widens its members' searches but not an
outsider's, so the answer reveals nothing about the secret glossary."""

import pytest

from tests import factories
from tests.search.conftest import index_all, search_engine  # noqa: F401 (fixture)
from workspaces.glossary import services
from workspaces.models import Workspace

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]

SECRET_WORD = "qxjzvkwyf"
SECRET_SYNONYM = "fwykvzjxq"
PUBLIC_WORD = "zvqxwkjfy"
PUBLIC_SYNONYM = "kyfwjqzxv"


@pytest.fixture
def engine(search_engine):  # noqa: F811 (the fixture imported above)
    return search_engine


@pytest.fixture
def glossary_terms(workspaces, people):
    owner = people["owner"]
    secret = services.save_term(
        workspaces[Workspace.Kind.SECRET],
        owner,
        {"term": SECRET_WORD, "definition": "Geheim.", "synonyms": [SECRET_SYNONYM]},
    )
    public = services.save_term(
        workspaces[Workspace.Kind.PUBLIC],
        owner,
        {"term": PUBLIC_WORD, "definition": "Offen.", "synonyms": [PUBLIC_SYNONYM]},
    )
    return {"secret": secret, "public": public}


def test_secret_synonym_does_not_widen_an_outsiders_search(
    engine,
    glossary_terms,
    home_page,
    workspaces,
    people,
    client,
):
    """A public page says SECRET_WORD. The owner's search for the secret
    glossary's synonym finds it through the expansion; gast's finds nothing,
    so the answer reveals nothing about the secret glossary."""
    factories.ContentPageFactory(parent=home_page, title=f"Aushang {SECRET_WORD}", slug="aushang")
    index_all(engine)
    client.force_login(people["owner"])
    owner = client.get("/api/v2/search/", {"q": SECRET_SYNONYM}).json()
    assert "Aushang" in " ".join(item["title"] for item in owner["items"])
    client.force_login(people["gast"])
    gast = client.get("/api/v2/search/", {"q": SECRET_SYNONYM})
    assert gast.status_code == 200
    assert gast.json()["total"] == 0
    # A public glossary synonym widens everyone's search.
    factories.ContentPageFactory(parent=home_page, title=f"Info {PUBLIC_WORD}", slug="info")
    index_all(engine)
    widened = client.get("/api/v2/search/", {"q": PUBLIC_SYNONYM}).json()
    assert "Info" in " ".join(item["title"] for item in widened["items"])
