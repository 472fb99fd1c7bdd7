"""Leak tests of the calendar: an outsider (``gast``) gets 404 for the events
and polls of a private or secret workspace on every channel – tool views,
API, notifications – exactly like for unknown ids, and writes nothing."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.notifications.models import Kind, Notification
from workspaces import services as workspace_services
from workspaces.calendar import services
from workspaces.calendar.models import Event, EventReminder, Poll, PollAnswer, Rsvp
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db

RESTRICTED = (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET)


def at(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


@pytest.fixture
def calendar(workspaces, people):
    """{kind: (event, poll)} in every workspace."""
    result = {}
    for kind, workspace in workspaces.items():
        event = Event.objects.create(
            workspace=workspace,
            title=f"Geheimtermin {kind}",
            start=at(5),
            end=at(6),
            created_by=people["owner"],
        )
        poll = services.create_poll(
            workspace, people["owner"], f"Umfrage {kind}", [(at(30), at(31)), (at(50), at(51))]
        )
        result[kind] = (event, poll)
    return result


def tool_urls(workspace, event, poll):
    page = workspace.page
    return [
        tool_url(page, "kalender", "index"),
        tool_url(page, "kalender", "event", pk=event.pk),
        tool_url(page, "kalender", "event_edit", pk=event.pk),
        tool_url(page, "kalender", "event_delete", pk=event.pk),
        tool_url(page, "kalender", "event_new"),
        tool_url(page, "kalender", "polls"),
        tool_url(page, "kalender", "poll_new"),
        tool_url(page, "kalender", "poll", pk=poll.pk),
        tool_url(page, "kalender", "subscribe"),
    ]


def api_urls(workspace, event, poll):
    base = f"/api/v2/workspaces/{workspace.pk}/"
    return [
        ("get", base + "events/"),
        ("post", base + "events/"),
        ("get", base + f"events/{event.pk}/"),
        ("patch", base + f"events/{event.pk}/"),
        ("delete", base + f"events/{event.pk}/"),
        ("put", base + f"events/{event.pk}/rsvp/"),
        ("get", base + "polls/"),
        ("post", base + "polls/"),
        ("get", base + f"polls/{poll.pk}/"),
        ("put", base + f"polls/{poll.pk}/vote/"),
        ("post", base + f"polls/{poll.pk}/fix/"),
    ]


@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_gets_404_on_every_view_and_route(client, workspaces, calendar, people, kind):
    workspace = workspaces[kind]
    event, poll = calendar[kind]
    slot = poll.slots.first()
    client.force_login(people["gast"])
    for url in tool_urls(workspace, event, poll):
        assert client.get(url).status_code == 404, url
        response = client.post(url, {"answer": "yes", "action": "vote", f"slot-{slot.pk}": "yes"})
        assert response.status_code == 404, url
    bodies = {
        "post": {"title": "x", "start": at(1).isoformat(), "end": at(2).isoformat()},
        "patch": {"title": "Übernommen"},
        "put": {"answer": "yes", str(slot.pk): "yes"},
    }
    for method, url in api_urls(workspace, event, poll):
        body = bodies.get(method, {"slot": slot.pk})
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 404, (method, url)
        assert response.json() == {"message": "Nicht gefunden."}
        assert event.title not in response.content.decode()
    # Nothing was written, changed or deleted.
    event.refresh_from_db()
    assert event.title == f"Geheimtermin {kind}"
    assert not Rsvp.objects.exists()
    assert not PollAnswer.objects.exists()
    assert Event.objects.filter(workspace=workspace).count() == 1
    assert not Poll.objects.filter(closed=True).exists()


def test_unknown_workspace_answers_like_a_hidden_one(client, people, calendar):
    client.force_login(people["gast"])
    response = client.get("/api/v2/workspaces/999999/events/")
    assert response.status_code == 404
    assert response.json() == {"message": "Nicht gefunden."}


def test_outsider_reads_the_public_workspace_but_cannot_write(client, workspaces, calendar, people):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    event, poll = calendar[Workspace.Kind.PUBLIC]
    client.force_login(people["gast"])
    listing = client.get(f"/api/v2/workspaces/{workspace.pk}/events/").json()
    assert [item["title"] for item in listing["items"]] == ["Geheimtermin public"]
    assert client.get(tool_url(workspace.page, "kalender", "poll", pk=poll.pk)).status_code == 200
    response = client.put(
        f"/api/v2/workspaces/{workspace.pk}/events/{event.pk}/rsvp/",
        {"answer": "yes"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_anonymous_api_requests_get_401(client, workspaces, calendar):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    response = client.get(f"/api/v2/workspaces/{workspace.pk}/events/")
    assert response.status_code == 401
    assert response.json()["message"]


def test_bearer_token_clients_are_trimmed_too(client, workspaces, calendar, people):
    from wagtail.models import APIToken

    raw = APIToken.create_token(user=people["gast"], name="App")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    secret = workspaces[Workspace.Kind.SECRET]
    assert client.get(f"/api/v2/workspaces/{secret.pk}/polls/", **auth).status_code == 404
    public = workspaces[Workspace.Kind.PUBLIC]
    assert client.get(f"/api/v2/workspaces/{public.pk}/polls/", **auth).status_code == 200


def test_reminders_go_only_to_attendees_who_still_read_the_workspace(workspaces, calendar, people):
    secret = workspaces[Workspace.Kind.SECRET]
    event, _poll = calendar[Workspace.Kind.SECRET]
    Rsvp.objects.create(event=event, user=people["member"], answer="yes")
    Rsvp.objects.create(event=event, user=people["reader"], answer="maybe")
    Rsvp.objects.create(event=event, user=people["owner"], answer="no")
    workspace_services.remove_member(secret, people["reader"])  # lost access since answering
    call_command("send_event_reminders", stdout=io.StringIO())
    notified = Notification.objects.filter(kind=Kind.EVENT)
    assert [n.recipient.username for n in notified] == ["member"]
    assert notified[0].page_id == secret.page_id
    assert not EventReminder.objects.filter(user=people["reader"]).exists()


def test_poll_result_notifications_skip_voters_who_lost_access(workspaces, calendar, people):
    private = workspaces[Workspace.Kind.PRIVATE]
    _event, poll = calendar[Workspace.Kind.PRIVATE]
    slot = poll.slots.first()
    services.vote(poll, people["member"], {slot.pk: "yes"})
    workspace_services.set_member(private, people["reader"], "member")
    services.vote(poll, people["reader"], {slot.pk: "no"})
    workspace_services.remove_member(private, people["reader"])
    services.fix_slot(poll, slot.pk, people["owner"])
    notified = Notification.objects.filter(kind=Kind.POLL)
    assert sorted(n.recipient.username for n in notified) == ["member"]
