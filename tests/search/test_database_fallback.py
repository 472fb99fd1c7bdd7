"""Without ``ELASTICSEARCH_URL`` the same API answers from the database: the
same shape, the same trimming, and a non-empty ``degraded`` list saying
what the database cannot do. While a configured engine is down, the
database answers too and says so."""

from django.contrib.auth.models import Group, Permission

import pytest
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from search import engine as engine_module
from search.models import BestBet, QueryStat
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v2/search/"


@pytest.fixture(autouse=True)
def no_engine(settings):
    settings.ELASTICSEARCH_URL = ""
    engine_module._engines.clear()
    yield
    engine_module._engines.clear()


@pytest.fixture
def corpus(home_page, news_index):
    group = Group.objects.create(name="Geheimrat")
    office = factories.OrgUnitFactory(code="amt-32", name="Ordnungsamt")
    area = factories.ServiceInstructionIndexPageFactory(parent=home_page, slug="da")
    current = factories.ServiceInstructionPageFactory(
        parent=area, title="Dienstanweisung Datenschutz", number="DA-010", issuing_office=office
    )
    repealed = factories.ServiceInstructionPageFactory(
        parent=area, title="Dienstanweisung Datenschutz alt", number="DA-009", status="repealed"
    )
    secret = factories.ContentPageFactory(parent=home_page, title="Datenschutz Zauberwürfel")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()
    hidden_office = factories.OrgUnitFactory(code="amt-99", name="Geheimamt")
    secret_news = factories.NewsPageFactory(
        parent=news_index, title="Datenschutz Geheimnachricht", issuing_office=hidden_office
    )
    restriction = PageViewRestriction.objects.create(
        page=secret_news, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()
    collection = Collection.get_first_root_node().add_child(name="Geheim")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()
    document = factories.DocumentFactory(collection=collection, title="Datenschutz Geheimakte")
    public_doc = factories.DocumentFactory(title="Datenschutz Merkblatt")
    return {
        "group": group,
        "current": current,
        "repealed": repealed,
        "secret": secret,
        "secret_news": secret_news,
        "document": document,
        "public_doc": public_doc,
    }


def test_same_shape_with_degraded_features(user_client, corpus):
    data = user_client.get(URL, {"q": "Datenschutz"}).json()
    assert set(data) >= {"total", "items", "facets", "suggestion", "best_bets", "degraded"}
    assert {"highlight", "fuzzy", "compound_splitting"} <= set(data["degraded"])
    titles = [item["title"] for item in data["items"]]
    assert set(titles) == {
        "Dienstanweisung Datenschutz",
        "Dienstanweisung Datenschutz alt",
        "Datenschutz Merkblatt",
    }
    assert data["total"] == 3
    # Outdated items rank below current ones and are marked.
    assert titles.index("Dienstanweisung Datenschutz") < titles.index(
        "Dienstanweisung Datenschutz alt"
    )
    assert [i["outdated"] for i in data["items"] if i["title"].endswith(" alt")] == [True]
    assert set(data["facets"]) == {"silo", "content_type", "office", "tags", "date"}


def test_hidden_items_are_not_shown_or_counted(user_client, corpus):
    data = user_client.get(URL, {"q": "Datenschutz"}).json()
    assert sum(e["count"] for e in data["facets"]["content_type"]) == data["total"]
    assert "amt-99" not in {e["value"] for e in data["facets"]["office"]}
    for word in ("Zauberwürfel", "Geheimnachricht", "Geheimakte"):
        hidden = user_client.get(URL, {"q": word}).json()
        assert hidden["total"] == 0 and hidden["items"] == []
        assert all(e["count"] == 0 for entries in hidden["facets"].values() for e in entries)
    suggestions = user_client.get(URL + "suggest/", {"q": "Datenschutz"}).json()["suggestions"]
    assert sorted(suggestions) == ["Datenschutz Merkblatt"]


def test_members_see_the_restricted_items(client, corpus):
    member = factories.UserFactory(username="geheim")
    member.groups.add(corpus["group"])
    client.force_login(member)
    data = client.get(URL, {"q": "Datenschutz"}).json()
    assert data["total"] == 6
    offices = {e["value"]: e["count"] for e in data["facets"]["office"]}
    assert offices == {"amt-32": 1, "amt-99": 1}


def test_filters_sort_and_errors(user_client, corpus):
    by_type = user_client.get(URL, {"q": "Datenschutz", "type": "document"}).json()
    assert [i["title"] for i in by_type["items"]] == ["Datenschutz Merkblatt"]
    # The content type facet still offers the other types.
    assert len(by_type["facets"]["content_type"]) == 2
    by_office = user_client.get(URL, {"q": "Datenschutz", "office": "amt-32"}).json()
    assert by_office["total"] == 1
    assert user_client.get(URL, {"q": "Datenschutz", "sort": "date"}).status_code == 200
    for params in ({"q": ""}, {"q": "x", "per_page": "100"}, {"q": "x", "sort": "neu"}):
        response = user_client.get(URL, params)
        assert response.status_code == 400 and response.json()["message"]


def test_best_bets_and_statistics_work_too(user_client, corpus):
    BestBet.objects.create(query="Datenschutz", page=corpus["current"], title="DA Datenschutz")
    BestBet.objects.create(query="Datenschutz", document=corpus["document"])
    data = user_client.get(URL, {"q": "Datenschutz"}).json()
    assert [b["title"] for b in data["best_bets"]] == ["DA Datenschutz"]
    assert QueryStat.objects.get(query="datenschutz").count == 1


def test_anonymous_is_401(client, corpus):
    assert client.get(URL, {"q": "Datenschutz"}).status_code == 401


def test_engine_down_falls_back_and_says_so(user_client, corpus, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.SEARCH_BACKEND = "opensearch"
    data = user_client.get(URL, {"q": "Datenschutz"}).json()
    assert data["degraded"][0] == "engine_unavailable"
    assert data["total"] == 3
    assert user_client.get(URL + "suggest/", {"q": "Daten"}).status_code == 200


def test_search_page_tells_administrators_the_search_is_degraded(client, superuser, corpus):
    client.force_login(superuser)
    html = client.get("/suche/", {"q": "Datenschutz"}).content.decode()
    assert "Die Suche läuft eingeschränkt" in html
    assert "Tippfehler werden nicht toleriert" in html


def test_search_page_tells_editors_the_search_is_degraded(client, corpus):
    editor = factories.UserFactory(username="redakteurin")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    html = client.get("/suche/", {"q": "Datenschutz"}).content.decode()
    assert "Die Suche läuft eingeschränkt" in html
    assert "Zauberwürfel" not in html


def test_readers_get_no_technical_note(user_client, corpus):
    html = user_client.get("/suche/", {"q": "Datenschutz"}).content.decode()
    assert "Dienstanweisung Datenschutz" in html  # the results are there
    assert "Die Suche läuft eingeschränkt" not in html
    assert "Tippfehler werden nicht toleriert" not in html
