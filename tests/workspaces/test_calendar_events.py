"""Events in the rendered site and the API: members add, change and answer;
readers read; an archived workspace is read-only; bad input gets a clear
message and leaves nothing written."""

import datetime

from django.utils import timezone

import pytest

from workspaces import services as workspace_services
from workspaces.calendar import services
from workspaces.calendar.models import Event, Rsvp
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


def at(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def workspace(workspaces):
    return workspaces[Workspace.Kind.PRIVATE]


@pytest.fixture
def event(workspace, people):
    return Event.objects.create(
        workspace=workspace,
        title="Projektsitzung",
        start=at(2),
        end=at(2, 11),
        place="Raum 204",
        created_by=people["member"],
    )


def url(workspace, name="index", **kwargs):
    return tool_url(workspace.page, "kalender", name, **kwargs)


def api(workspace, rest=""):
    return f"/api/v2/workspaces/{workspace.pk}/{rest}"


def form_data(**overrides):
    data = {
        "title": "Jour fixe",
        "start": at(3).strftime("%Y-%m-%dT%H:%M"),
        "end": at(3, 11).strftime("%Y-%m-%dT%H:%M"),
        "place": "Raum 1",
        "online_link": "",
        "description": "Tagesordnung folgt.",
    }
    data.update(overrides)
    return data


# --- rendered site --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "member", "reader"])
def test_everyone_in_the_workspace_reads_the_calendar(client, workspace, event, people, who):
    client.force_login(people[who])
    index = client.get(url(workspace))
    assert index.status_code == 200
    assert "Projektsitzung" in index.content.decode()
    detail = client.get(url(workspace, "event", pk=event.pk))
    assert detail.status_code == 200
    assert "Raum 204" in detail.content.decode()


def test_member_adds_an_event_through_the_form(client, workspace, people):
    client.force_login(people["member"])
    response = client.post(url(workspace, "event_new"), form_data())
    assert response.status_code == 302
    event = Event.objects.get(workspace=workspace)
    assert event.title == "Jour fixe"
    assert event.created_by == people["member"]
    assert response["Location"] == url(workspace, "event", pk=event.pk)


def test_event_ending_before_it_starts_is_refused_with_a_message(client, workspace, people):
    client.force_login(people["member"])
    response = client.post(
        url(workspace, "event_new"),
        form_data(end=at(3, 9).strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'role="alert"' in text
    assert "Das Ende muss nach dem Beginn liegen." in text
    assert not Event.objects.exists()


def test_bad_online_link_is_refused(client, workspace, people):
    client.force_login(people["member"])
    response = client.post(url(workspace, "event_new"), form_data(online_link="javascript:x"))
    assert response.status_code == 400
    assert "https://" in response.content.decode()
    assert not Event.objects.exists()


def test_reader_may_not_add_or_answer(client, workspace, event, people):
    client.force_login(people["reader"])
    assert client.get(url(workspace, "event_new")).status_code == 403
    assert client.post(url(workspace, "event_new"), form_data()).status_code == 403
    answer = client.post(url(workspace, "event", pk=event.pk), {"answer": "yes"})
    assert answer.status_code == 403
    assert not Rsvp.objects.exists()
    assert Event.objects.count() == 1


def test_members_change_only_their_own_events_owners_all(client, workspace, event, people):
    other = Event.objects.create(
        workspace=workspace,
        title="Von der Chefin",
        start=at(4),
        end=at(4, 11),
        created_by=people["owner"],
    )
    client.force_login(people["member"])
    assert client.get(url(workspace, "event_edit", pk=event.pk)).status_code == 200
    assert client.get(url(workspace, "event_edit", pk=other.pk)).status_code == 403
    assert client.post(url(workspace, "event_delete", pk=other.pk)).status_code == 403
    client.force_login(people["owner"])
    response = client.post(url(workspace, "event_edit", pk=event.pk), form_data(title="Neu"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Neu"
    assert event.sequence == 1  # time and place changed: calendar programs update
    assert client.post(url(workspace, "event_delete", pk=event.pk)).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_rsvp_again_replaces_the_first_answer(client, workspace, event, people):
    client.force_login(people["member"])
    detail = url(workspace, "event", pk=event.pk)
    assert client.post(detail, {"answer": "yes"}).status_code == 302
    assert client.post(detail, {"answer": "no"}).status_code == 302
    assert list(Rsvp.objects.values_list("user__username", "answer")) == [("member", "no")]
    assert client.post(detail, {"answer": "vielleicht"}).status_code == 400
    assert Rsvp.objects.get().answer == "no"


def test_archived_workspace_is_read_only(client, workspace, event, people):
    workspace_services.set_status(workspace, Workspace.Status.ARCHIVED)
    client.force_login(people["owner"])
    assert client.get(url(workspace)).status_code == 200
    assert client.get(url(workspace, "event_new")).status_code == 403
    assert client.post(url(workspace, "event", pk=event.pk), {"answer": "yes"}).status_code == 403
    response = client.post(api(workspace, "events/"), {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["message"]


def test_event_of_another_workspace_is_not_found_here(client, workspaces, event, people):
    public = workspaces[Workspace.Kind.PUBLIC]
    client.force_login(people["owner"])
    assert client.get(url(public, "event", pk=event.pk)).status_code == 404
    assert client.get(api(public, f"events/{event.pk}/")).status_code == 404


# --- API ------------------------------------------------------------------------------


def test_api_create_read_change_delete(client, workspace, people):
    client.force_login(people["member"])
    created = client.post(
        api(workspace, "events/"),
        {
            "title": "Workshop",
            "start": at(5).isoformat(),
            "end": at(5, 12).isoformat(),
            "online_link": "https://konferenz.example/ws",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["rsvp"]["counts"] == {"yes": 0, "maybe": 0, "no": 0}
    listing = client.get(api(workspace, "events/")).json()
    assert [item["id"] for item in listing["items"]] == [pk]
    assert listing["meta"]["total_count"] == 1
    patched = client.patch(
        api(workspace, f"events/{pk}/"), {"place": "Raum 3"}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert patched.json()["place"] == "Raum 3"
    assert patched.json()["title"] == "Workshop"
    answered = client.put(
        api(workspace, f"events/{pk}/rsvp/"), {"answer": "maybe"}, content_type="application/json"
    )
    assert answered.status_code == 200
    assert answered.json()["my_answer"] == "maybe"
    assert answered.json()["counts"]["maybe"] == 1
    assert client.delete(api(workspace, f"events/{pk}/")).status_code == 204
    assert client.get(api(workspace, f"events/{pk}/")).status_code == 404


def test_api_bad_input_gets_a_message_and_nothing_is_written(client, workspace, people):
    client.force_login(people["member"])
    wrong_order = client.post(
        api(workspace, "events/"),
        {"title": "Falsch", "start": at(5, 12).isoformat(), "end": at(5, 11).isoformat()},
        content_type="application/json",
    )
    assert wrong_order.status_code == 400
    assert "Das Ende muss nach dem Beginn liegen." in wrong_order.json()["message"]
    assert "end" in wrong_order.json()["errors"]
    no_title = client.post(
        api(workspace, "events/"),
        {"start": "morgen", "end": at(5).isoformat()},
        content_type="application/json",
    )
    assert no_title.status_code == 400
    assert no_title.json()["message"]
    broken = client.post(api(workspace, "events/"), "[1, 2]", content_type="application/json")
    assert broken.status_code == 400
    bad_answer = client.get(api(workspace, "events/?from=gestern"))
    assert bad_answer.status_code == 400
    assert not Event.objects.exists()


def test_api_put_rsvp_needs_a_known_answer(client, workspace, event, people):
    client.force_login(people["member"])
    response = client.put(
        api(workspace, f"events/{event.pk}/rsvp/"),
        {"answer": "ja"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "yes" in response.json()["message"]
    assert not Rsvp.objects.exists()


def test_api_reader_reads_but_may_not_write(client, workspace, event, people):
    client.force_login(people["reader"])
    assert client.get(api(workspace, f"events/{event.pk}/")).status_code == 200
    response = client.put(
        api(workspace, f"events/{event.pk}/rsvp/"),
        {"answer": "yes"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.delete(api(workspace, f"events/{event.pk}/")).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_all_day_events_keep_whole_days(workspace, people):
    event = services.save_event(
        workspace,
        people["member"],
        {"title": "Klausur", "start": at(6, 15), "end": at(7, 9), "all_day": True},
    )
    assert timezone.localtime(event.start).time() == datetime.time(0, 0)
    assert timezone.localtime(event.end).date() == timezone.localdate() + datetime.timedelta(7)
    assert event.ical_end() == timezone.localdate() + datetime.timedelta(8)
