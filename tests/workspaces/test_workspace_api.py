"""The workspace API shows what the rendered overview shows, never more:
gast sees no private or secret content, secret workspaces are never listed
for non-members, and the counts agree with the overview."""

import pytest

from cms.notifications.models import Kind, Notification
from tests.workspaces.conftest import fresh
from workspaces import services
from workspaces.models import JoinRequest, Workspace

pytestmark = pytest.mark.django_db

PUBLIC, PRIVATE, SECRET = Workspace.Kind.PUBLIC, Workspace.Kind.PRIVATE, Workspace.Kind.SECRET


def signed_in(client, user):
    client.force_login(fresh(user))
    return client


def overview_counts(client, workspaces):
    """The sections of the rendered overview „Arbeitsräume“, counted."""
    response = client.get(workspaces[PUBLIC].page.get_parent().url)
    assert response.status_code == 200
    return {
        "mine": len(response.context["my_workspaces"]),
        "other": len(response.context["other_workspaces"]),
        "joinable": len(response.context["joinable"]),
    }


@pytest.mark.parametrize("name", ["gast", "member", "owner"])
def test_counts_agree_with_the_rendered_overview(client, people, workspaces, name):
    signed_in(client, people[name])
    meta = client.get("/api/v2/workspaces/").json()["meta"]
    expected = overview_counts(client, workspaces)
    assert {key: meta[key] for key in expected} == expected
    assert meta["total_count"] == sum(expected.values())


def test_gast_sees_the_public_workspace_and_only_the_private_title(client, people, workspaces):
    signed_in(client, people["gast"])
    response = client.get("/api/v2/workspaces/")
    data = response.json()
    by_id = {item["id"]: item for item in data["items"]}
    public, private = by_id[workspaces[PUBLIC].pk], by_id[workspaces[PRIVATE].pk]
    assert public["access"] == "read" and public["my_role"] is None
    assert private == {
        "id": workspaces[PRIVATE].pk,
        "title": "Digitale Akte",
        "access": "joinable",
        "join_request_pending": False,
    }
    assert workspaces[SECRET].pk not in by_id
    assert "Haushalt 2027" not in response.content.decode()
    assert data["meta"] == {"total_count": 2, "mine": 0, "other": 1, "joinable": 1}


def test_members_see_all_their_workspaces_with_their_role(client, people, workspaces):
    signed_in(client, people["reader"])
    data = client.get("/api/v2/workspaces/").json()
    assert {item["title"]: item["my_role"] for item in data["items"]} == {
        "Gesundheit": "reader",
        "Digitale Akte": "reader",
        "Haushalt 2027": "reader",
    }
    assert data["meta"]["mine"] == 3


@pytest.mark.parametrize("kind", [PRIVATE, SECRET])
@pytest.mark.parametrize("suffix", ["", "members/"])
def test_gast_gets_404_on_private_and_secret_workspaces(client, people, workspaces, kind, suffix):
    signed_in(client, people["gast"])
    hidden = client.get(f"/api/v2/workspaces/{workspaces[kind].pk}/{suffix}")
    unknown = client.get(f"/api/v2/workspaces/999999/{suffix}")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json() == {"message": "Nicht gefunden."}
    assert "owner" not in hidden.content.decode()


def test_detail_and_members_for_a_member(client, people, workspaces):
    signed_in(client, people["member"])
    workspace = workspaces[PRIVATE]
    detail = client.get(f"/api/v2/workspaces/{workspace.pk}/").json()
    assert detail["kind"] == "private"
    assert detail["status"] == "active"
    assert detail["my_role"] == "member"
    assert detail["can_edit"] is True
    assert detail["pending_join_requests"] is None  # owners only
    assert {m["username"]: m["role"] for m in detail["members"]} == {
        "owner": "owner",
        "member": "member",
        "reader": "reader",
    }
    members = client.get(f"/api/v2/workspaces/{workspace.pk}/members/").json()
    assert members["meta"]["total_count"] == 3
    assert members["items"] == detail["members"]


def test_an_archived_workspace_is_read_only_in_the_api(client, people, workspaces):
    workspace = workspaces[PRIVATE]
    services.set_status(workspace, Workspace.Status.ARCHIVED)
    signed_in(client, people["owner"])
    detail = client.get(f"/api/v2/workspaces/{workspace.pk}/").json()
    assert detail["status"] == "archived"
    assert detail["can_edit"] is False


def test_gast_asks_to_join_a_private_workspace_and_the_owner_is_notified(
    client, people, workspaces
):
    workspace = workspaces[PRIVATE]
    signed_in(client, people["gast"])
    first = client.post(
        f"/api/v2/workspaces/{workspace.pk}/join/",
        {"message": "Ich vertrete Frau Meier."},
        content_type="application/json",
    )
    assert first.status_code == 201
    assert first.json()["status"] == "pending"
    again = client.post(f"/api/v2/workspaces/{workspace.pk}/join/", {}, "application/json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert JoinRequest.objects.filter(workspace=workspace, user=people["gast"]).count() == 1

    notes = Notification.objects.filter(kind=Kind.JOIN_REQUEST)
    assert [n.recipient.username for n in notes] == ["owner"]  # once, to the owner only
    assert "Digitale Akte" in notes[0].title
    listing = client.get("/api/v2/workspaces/").json()
    private = next(i for i in listing["items"] if i["id"] == workspace.pk)
    assert private["join_request_pending"] is True

    signed_in(client, people["owner"])
    owner_view = client.get("/api/v2/notifications/").json()
    assert [item["kind"] for item in owner_view["items"]] == ["join_request"]
    assert client.get(f"/api/v2/workspaces/{workspace.pk}/").json()["pending_join_requests"] == 1


def test_an_accepted_request_notifies_the_person_who_then_sees_the_workspace(
    client, people, workspaces
):
    workspace = workspaces[PRIVATE]
    join_request = services.request_to_join(workspace, people["gast"])
    services.decide_join_request(join_request, accept=True, by=people["owner"])

    signed_in(client, people["gast"])
    notes = client.get("/api/v2/notifications/").json()
    assert [item["kind"] for item in notes["items"]] == ["membership"]
    assert "Digitale Akte" in notes["items"][0]["title"]
    assert client.get(f"/api/v2/workspaces/{workspace.pk}/").json()["my_role"] == "member"


def test_a_declined_request_sends_no_membership_notification(people, workspaces):
    join_request = services.request_to_join(workspaces[PRIVATE], people["gast"])
    services.decide_join_request(join_request, accept=False, by=people["owner"])
    assert not Notification.objects.filter(kind=Kind.MEMBERSHIP).exists()


def test_joining_a_secret_workspace_answers_like_an_unknown_one(client, people, workspaces):
    signed_in(client, people["gast"])
    secret = client.post(f"/api/v2/workspaces/{workspaces[SECRET].pk}/join/")
    unknown = client.post("/api/v2/workspaces/999999/join/")
    assert secret.status_code == unknown.status_code == 404
    assert secret.json() == unknown.json()
    assert not JoinRequest.objects.filter(user=people["gast"]).exists()


def test_joining_public_or_own_workspaces_is_a_clear_4xx(client, people, workspaces):
    signed_in(client, people["gast"])
    public = client.post(f"/api/v2/workspaces/{workspaces[PUBLIC].pk}/join/")
    assert public.status_code == 400
    assert "Öffentliche Arbeitsräume" in public.json()["message"]

    signed_in(client, people["member"])
    for kind in (PRIVATE, SECRET):
        already = client.post(f"/api/v2/workspaces/{workspaces[kind].pk}/join/")
        assert already.status_code == 409
        assert already.json() == {"message": "Sie gehören diesem Arbeitsraum bereits an."}
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize("body", [{"message": "x" * 2001}, {"message": 5}, ["liste"]])
def test_a_bad_join_message_is_a_400_and_nothing_is_stored(client, people, workspaces, body):
    signed_in(client, people["gast"])
    response = client.post(
        f"/api/v2/workspaces/{workspaces[PRIVATE].pk}/join/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"]
    assert not JoinRequest.objects.exists()
    assert not Notification.objects.exists()


def test_an_archived_private_workspace_takes_no_requests(client, people, workspaces):
    services.set_status(workspaces[PRIVATE], Workspace.Status.ARCHIVED)
    signed_in(client, people["gast"])
    response = client.post(f"/api/v2/workspaces/{workspaces[PRIVATE].pk}/join/")
    assert response.status_code == 400
    assert "keine neuen Mitglieder" in response.json()["message"]


def test_the_workspace_api_needs_a_login(client, workspaces):
    response = client.get("/api/v2/workspaces/")
    assert response.status_code == 401
    assert response.json()["message"]
