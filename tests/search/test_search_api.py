"""The search API on the real engine: shape, facets, filters, sorting,
errors, best bets and the anonymous query statistics."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from wagtail.models import BaseViewRestriction, PageViewRestriction

from search.models import BestBet, QueryStat, Synonym
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]

URL = "/api/v2/search/"


@pytest.fixture
def corpus(search_engine, indexed, home_page, news_index):
    """A small intranet: news, service instructions (one repealed), a form,
    and a restricted page only members of a group may see."""
    office = factories.OrgUnitFactory(code="amt-51", name="Jugendamt")
    fresh = factories.NewsPageFactory(
        parent=news_index,
        title="Betriebsausflug der Verwaltung",
        teaser="Der Betriebsausflug führt an den See.",
        issuing_office=office,
        first_published_at=timezone.now() - datetime.timedelta(days=2),
    )
    fresh.tags.add("Freizeit")
    fresh.save()
    old = factories.NewsPageFactory(
        parent=news_index,
        title="Betriebsausflug im letzten Jahr",
        teaser="Rückblick auf den Betriebsausflug.",
        first_published_at=timezone.now() - datetime.timedelta(days=400),
    )
    area = factories.ServiceInstructionIndexPageFactory(parent=home_page, slug="da")
    current = factories.ServiceInstructionPageFactory(
        parent=area, title="Dienstanweisung Datenschutz", number="DA-010"
    )
    repealed = factories.ServiceInstructionPageFactory(
        parent=area,
        title="Dienstanweisung Datenschutz (alt)",
        number="DA-009",
        status="repealed",
    )
    forms = factories.FormIndexPageFactory(parent=home_page, slug="formulare")
    form = factories.FormPageFactory(parent=forms, title="Urlaubsantrag", number="F-0100")
    group = Group.objects.create(name="Geheimrat")
    secret = factories.ContentPageFactory(parent=home_page, title="Zauberwürfel Geheimplan")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()
    indexed()
    return {
        "fresh": fresh,
        "old": old,
        "current": current,
        "repealed": repealed,
        "form": form,
        "secret": secret,
        "group": group,
        "office": office,
    }


def get(client, **params):
    return client.get(URL, params)


def test_anonymous_gets_401_json(client, corpus):
    for url in (URL + "?q=Datenschutz", URL + "suggest/?q=Da"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["message"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "  "},
        {"q": "x", "per_page": "51"},
        {"q": "x", "per_page": "0"},
        {"q": "x", "page": "null"},
        {"q": "x", "sort": "title"},
        {"q": "x", "date_from": "2026-13-01"},
        {"q": "x", "date_to": "gestern"},
        {"q": "x", "date_from": "2026-02-01", "date_to": "2026-01-01"},
    ],
)
def test_bad_parameters_answer_400_with_a_message(user_client, corpus, params):
    response = get(user_client, **params)
    assert response.status_code == 400
    assert set(response.json()) == {"message"}


def test_suggest_without_text_is_400(user_client, corpus):
    response = user_client.get(URL + "suggest/")
    assert response.status_code == 400
    assert response.json()["message"]


def test_answer_shape_and_highlights(user_client, corpus):
    data = get(user_client, q="Datenschutz").json()
    assert set(data) == {
        "total",
        "page",
        "per_page",
        "items",
        "facets",
        "suggestion",
        "best_bets",
        "degraded",
    }
    assert data["degraded"] == []
    assert data["total"] == 2
    first = data["items"][0]
    assert first["title"] == "Dienstanweisung Datenschutz"
    assert first["outdated"] is False
    assert data["items"][1]["outdated"] is True  # repealed ranks below and is marked
    assert "<mark>Datenschutz</mark>" in first["highlight"]["title"]
    for key in ("id", "kind", "content_type", "content_type_label", "url", "summary", "date"):
        assert key in first
    assert set(data["facets"]) == {"silo", "content_type", "office", "tags", "date"}


def test_facets_count_and_filters_narrow(user_client, corpus):
    data = get(user_client, q="Betriebsausflug").json()
    assert data["total"] == 2
    offices = {e["value"]: e["count"] for e in data["facets"]["office"]}
    assert offices == {"amt-51": 1}
    assert data["facets"]["office"][0]["label"] == "Jugendamt"
    tags = {e["value"]: e["count"] for e in data["facets"]["tags"]}
    assert tags == {"Freizeit": 1}
    dates = {e["value"]: e["count"] for e in data["facets"]["date"]}
    assert dates["7d"] == 1 and dates["older"] == 1

    narrowed = get(user_client, q="Betriebsausflug", office="amt-51").json()
    assert [i["title"] for i in narrowed["items"]] == ["Betriebsausflug der Verwaltung"]
    # The office facet still offers its value with its count (disjunctive facets).
    assert narrowed["facets"]["office"][0]["selected"] is True

    recent = get(
        user_client,
        q="Betriebsausflug",
        date_from=(timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
    ).json()
    assert recent["total"] == 1
    by_type = get(user_client, q="Datenschutz", type="home.FormPage").json()
    assert by_type["total"] == 0


def test_recent_news_ranks_first_and_sort_by_date(user_client, corpus):
    data = get(user_client, q="Betriebsausflug").json()
    assert data["items"][0]["title"] == "Betriebsausflug der Verwaltung"
    by_date = get(user_client, q="Betriebsausflug", sort="date").json()
    dates = [item["date"] for item in by_date["items"]]
    assert dates == sorted(dates, reverse=True)


def test_pagination(user_client, corpus):
    first = get(user_client, q="Dienstanweisung", per_page=1).json()
    second = get(user_client, q="Dienstanweisung", per_page=1, page=2).json()
    assert first["total"] == second["total"] == 3  # with the register page itself
    assert first["items"][0]["id"] != second["items"][0]["id"]


def test_typo_gets_a_suggestion_and_results(user_client, corpus):
    data = get(user_client, q="Urlaubsantarg").json()
    assert data["items"][0]["title"] == "Urlaubsantrag"
    assert data["suggestion"] and data["suggestion"].lower() == "urlaubsantrag"


def test_synonym_expands_the_query(user_client, corpus):
    assert get(user_client, q="Ausflugstag").json()["total"] == 0
    Synonym.objects.create(term="Ausflugstag", synonyms="Betriebsausflug")
    assert get(user_client, q="Ausflugstag").json()["total"] == 2


def test_suggest_titles(user_client, corpus):
    data = user_client.get(URL + "suggest/", {"q": "Dienstanw"}).json()
    assert "Dienstanweisung Datenschutz" in data["suggestions"]
    assert len(data["suggestions"]) <= 8


def test_best_bets_on_top_and_trimmed(user_client, corpus):
    BestBet.objects.create(query="Urlaub", page=corpus["form"], title="Urlaub beantragen")
    BestBet.objects.create(query="Urlaub", page=corpus["secret"])
    BestBet.objects.create(query="urlaub", url="https://example.org/urlaub", order=5)
    data = get(user_client, q="  URLAUB ").json()
    titles = [bet["title"] for bet in data["best_bets"]]
    assert titles == ["Urlaub beantragen", "https://example.org/urlaub"]


def test_query_statistics_are_anonymous_and_counted(user_client, corpus):
    get(user_client, q="Datenschutz")
    get(user_client, q="datenschutz ")
    get(user_client, q="Datenschutz", page=2, per_page=1)  # later pages are not new searches
    get(user_client, q="Quastenflosser")
    stats = {row.query: row for row in QueryStat.objects.all()}
    assert stats["datenschutz"].count == 2
    assert stats["datenschutz"].zero_results == 0
    assert stats["quastenflosser"].zero_results == 1
    fields = {f.name for f in QueryStat._meta.get_fields()}
    assert fields == {"id", "query", "day", "count", "zero_results"}


def test_members_find_the_restricted_page(client, corpus):
    member = factories.UserFactory(username="geheim")
    member.groups.add(corpus["group"])
    client.force_login(member)
    assert get(client, q="Zauberwürfel").json()["total"] == 1
    other = factories.UserFactory(username="aussen")
    client.force_login(other)
    assert get(client, q="Zauberwürfel").json()["total"] == 0


def test_reader_page_shows_facets_highlights_and_marks(user_client, corpus):
    factories.ContentPageFactory(
        parent=corpus["current"].get_parent().get_parent(),
        title="<b>Datenschutz</b> & Sicherheit",
    )
    from search.indexing import index_all

    index_all()
    response = user_client.get("/suche/", {"q": "Datenschutz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "&lt;b&gt;<mark>Datenschutz</mark>&lt;/b&gt; &amp; Sicherheit" in html
    assert "<b>Datenschutz</b>" not in html
    assert "aufgehoben" in html  # the repealed instruction is marked in words
    assert 'name="type" value="home.ServiceInstructionPage"' in html
    assert 'for="site-search-q"' in html  # base.html now shows the search box
    assert 'list="search-suggestions"' in html  # autocomplete from search/suggest/


def test_reader_page_typo_offers_did_you_mean(user_client, corpus):
    html = user_client.get("/suche/", {"q": "Urlaubsantarg"}).content.decode()
    assert "Meinten Sie" in html and "Urlaubsantrag" in html


def test_reader_page_bad_parameter_is_a_message(user_client, corpus):
    response = user_client.get("/suche/", {"q": "x", "date_from": "morgen"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_query_report_for_editors(client, corpus, superuser):
    for _ in range(5):  # the report's threshold (SEARCH_QUERY_REPORT_MIN_COUNT)
        QueryStat.record("Datenschutz", 3)
        QueryStat.record("Quastenflosser", 0)
    client.force_login(superuser)
    html = client.get("/admin/berichte/suchanfragen/").content.decode()
    assert "datenschutz" in html and "quastenflosser" in html
    assert client.get("/admin/snippets/search/bestbet/").status_code == 200
    assert client.get("/admin/snippets/search/synonym/").status_code == 200
