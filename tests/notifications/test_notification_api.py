"""The notification API: list with paging and unread filter, marking read,
and preferences; errors are 4xx with a German message."""

import pytest

from cms.notifications.models import Delivery, Kind, NotificationPreference
from cms.notifications.services import notify
from tests.notifications.conftest import login
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(people, workspaces):
    page = workspaces[Workspace.Kind.PUBLIC].page
    return [
        notify([people["member"]], Kind.DOCUMENT, f"Datei {n}", page=page, actor=people["owner"])[0]
        for n in range(5)
    ]


def test_list_pages_and_counts(client, people, five):
    login(client, people["member"])
    data = client.get("/api/v2/notifications/?limit=2&offset=1").json()
    assert data["meta"] == {"total_count": 5, "unread_count": 5}
    assert [item["title"] for item in data["items"]] == ["Datei 3", "Datei 2"]
    item = data["items"][0]
    assert item["kind"] == "document" and item["read"] is False and item["actor"]


def test_mark_read_and_unread_filter(client, people, five):
    login(client, people["member"])
    response = client.post(f"/api/v2/notifications/{five[0].pk}/read/")
    assert response.status_code == 200
    assert response.json()["item"]["read"] is True
    assert response.json()["unread_count"] == 4
    unread = client.get("/api/v2/notifications/?unread=true").json()
    assert unread["meta"]["total_count"] == 4
    assert "Datei 0" not in [i["title"] for i in unread["items"]]
    read = client.get("/api/v2/notifications/?unread=false").json()
    assert [i["title"] for i in read["items"]] == ["Datei 0"]
    assert client.post("/api/v2/notifications/read-all/").json() == {
        "marked": 4,
        "unread_count": 0,
    }


def test_someone_elses_notification_is_404(client, people, five):
    login(client, people["gast"])
    response = client.post(f"/api/v2/notifications/{five[0].pk}/read/")
    assert response.status_code == 404
    assert response.json() == {"message": "Nicht gefunden."}
    assert client.get("/api/v2/notifications/").json()["meta"]["total_count"] == 0


@pytest.mark.parametrize(
    "query", ["limit=abc", "limit=101", "offset=-1", "unread=vielleicht", "x=1"]
)
def test_bad_parameters_are_400(client, people, query):
    login(client, people["member"])
    response = client.get(f"/api/v2/notifications/?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_preferences_get_and_put(client, people):
    login(client, people["member"])
    data = client.get("/api/v2/notifications/preferences/").json()
    assert {p["kind"]: p["delivery"] for p in data["preferences"]}["mention"] == "immediate"
    assert {c["value"] for c in data["choices"]} == set(Delivery.values)
    response = client.put(
        "/api/v2/notifications/preferences/",
        {"mention": "digest", "event": "off"},
        content_type="application/json",
    )
    assert response.status_code == 200
    chosen = {p["kind"]: p["delivery"] for p in response.json()["preferences"]}
    assert chosen["mention"] == "digest" and chosen["event"] == "off"
    assert chosen["document"] == "digest"  # untouched default
    listed = client.put(
        "/api/v2/notifications/preferences/",
        {"preferences": [{"kind": "poll", "delivery": "site"}]},
        content_type="application/json",
    )
    assert {p["kind"]: p["delivery"] for p in listed.json()["preferences"]}["poll"] == "site"


@pytest.mark.parametrize(
    "body",
    [{"mention": "laut", "event": "off"}, {"nope": "off", "event": "off"}, {}, ["mention"]],
)
def test_wrong_preferences_are_400_and_nothing_is_stored(client, people, body):
    login(client, people["member"])
    response = client.put(
        "/api/v2/notifications/preferences/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"]
    assert not NotificationPreference.objects.exists()


def test_the_api_needs_a_login(client):
    assert client.get("/api/v2/notifications/").status_code == 401
    assert client.get("/api/v2/notifications/preferences/").status_code == 401
