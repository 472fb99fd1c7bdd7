"""The iCal feeds: outside the login, opened by a secret per-person token.
A feed never contains events of workspaces the token's owner cannot read; a
wrong, revoked or renewed-away token answers 404; the output is valid RFC
5545 (escaping, folding, UTC times, stable UIDs)."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from workspaces import services as workspace_services
from workspaces.calendar import ical, services
from workspaces.calendar.models import CalendarToken, Event, Rsvp
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


def at(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def events(workspaces, people):
    """One event per workspace kind, titled after the kind."""
    return {
        kind: Event.objects.create(
            workspace=workspace,
            title=f"Termin {kind}",
            start=at(3),
            end=at(3, 11),
            created_by=people["owner"],
        )
        for kind, workspace in workspaces.items()
    }


def personal(token):
    return reverse("calendar-feed-personal", kwargs={"token": token.value})


def of_workspace(token, workspace):
    return reverse(
        "calendar-feed-workspace", kwargs={"token": token.value, "workspace_id": workspace.pk}
    )


def unfold(body):
    return body.replace("\r\n ", "")


def summaries(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = unfold(response.content.decode("utf-8"))
    return {line[len("SUMMARY:") :] for line in text.split("\r\n") if line.startswith("SUMMARY:")}


def test_feeds_need_no_login_and_show_the_members_events(client, workspaces, events, people):
    token = services.active_token(people["member"])
    assert summaries(client.get(personal(token))) == {f"Termin {k}" for k in Workspace.Kind.values}
    for kind, workspace in workspaces.items():
        assert summaries(client.get(of_workspace(token, workspace))) == {f"Termin {kind}"}


def test_outsider_feed_never_contains_hidden_workspaces(client, workspaces, events, people):
    gast = people["gast"]
    token = services.active_token(gast)
    # Even an answer given before losing access does not carry a hidden event into the feed.
    Rsvp.objects.create(event=events[Workspace.Kind.SECRET], user=gast, answer="yes")
    Rsvp.objects.create(event=events[Workspace.Kind.PUBLIC], user=gast, answer="yes")
    assert summaries(client.get(personal(token))) == {"Termin public"}
    for kind in (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET):
        response = client.get(of_workspace(token, workspaces[kind]))
        assert response.status_code == 404
        assert b"Termin" not in response.content
    assert summaries(client.get(of_workspace(token, workspaces[Workspace.Kind.PUBLIC]))) == {
        "Termin public"
    }


def test_personal_feed_holds_own_workspaces_and_accepted_events_not_declined(
    client, workspaces, events, people
):
    gast = people["gast"]
    token = services.active_token(gast)
    assert summaries(client.get(personal(token))) == set()  # public, but not theirs
    Rsvp.objects.create(event=events[Workspace.Kind.PUBLIC], user=gast, answer="maybe")
    assert summaries(client.get(personal(token))) == {"Termin public"}
    member_token = services.active_token(people["member"])
    Rsvp.objects.create(event=events[Workspace.Kind.PRIVATE], user=people["member"], answer="no")
    assert "Termin private" not in summaries(client.get(personal(member_token)))


def test_removed_member_loses_the_events_at_once(client, workspaces, events, people):
    token = services.active_token(people["member"])
    workspace_services.remove_member(workspaces[Workspace.Kind.SECRET], people["member"])
    assert "Termin secret" not in summaries(client.get(personal(token)))
    assert client.get(of_workspace(token, workspaces[Workspace.Kind.SECRET])).status_code == 404


def test_wrong_revoked_and_renewed_tokens_answer_404(client, workspaces, events, people):
    member = people["member"]
    old = services.active_token(member)
    assert client.get(personal(old)).status_code == 200
    wrong = CalendarToken(value="x" * 43)
    assert client.get(personal(wrong)).status_code == 404
    assert client.get(of_workspace(wrong, workspaces[Workspace.Kind.PUBLIC])).status_code == 404
    new = services.revoke_token(member, renew=True)
    assert client.get(personal(old)).status_code == 404
    assert client.get(of_workspace(old, workspaces[Workspace.Kind.PUBLIC])).status_code == 404
    assert client.get(personal(new)).status_code == 200
    services.revoke_token(member, renew=False)
    assert client.get(personal(new)).status_code == 404
    assert services.active_token(member, create=False) is None


def test_deactivated_person_has_no_feed(client, events, people):
    token = services.active_token(people["member"])
    people["member"].is_active = False
    people["member"].save()
    assert client.get(personal(token)).status_code == 404


def test_subscribe_page_shows_and_renews_the_urls(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    page = tool_url(workspace.page, "kalender", "subscribe")
    client.force_login(people["reader"])
    assert client.post(page, {"action": "create"}).status_code == 302
    token = services.active_token(people["reader"], create=False)
    shown = client.get(page).content.decode()
    assert f"/ical/{token.value}/persoenlich.ics" in shown
    assert f"/ical/{token.value}/arbeitsraum/{workspace.pk}.ics" in shown
    assert client.post(page, {"action": "renew"}).status_code == 302
    renewed = services.active_token(people["reader"], create=False)
    assert renewed.value != token.value
    assert token.value not in client.get(page).content.decode()
    client.force_login(people["gast"])
    assert client.get(page).status_code == 404  # the private workspace's tool, for an outsider


def test_ical_output_escapes_folds_and_uses_utc(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    year = timezone.localdate().year + 1  # always ahead, always summer time (UTC+2)
    start = timezone.make_aware(datetime.datetime(year, 7, 1, 10, 0))
    event = Event.objects.create(
        workspace=workspace,
        title="Sitzung; Haushalt, Teil 2 \\ Ärger",
        start=start,
        end=start + datetime.timedelta(hours=1),
        place="Raum 1",
        online_link="https://konferenz.example/raum",
        description="Zeile eins\nZeile zwei " + "äöü" * 40,
    )
    token = services.active_token(people["member"])
    response = client.get(of_workspace(token, workspace))
    raw = response.content
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
    assert not raw.replace(b"\r\n", b"").count(b"\n")  # no bare newlines
    raw.decode("utf-8")  # folding never splits a character
    text = unfold(raw.decode("utf-8"))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "SUMMARY:Sitzung\\; Haushalt\\, Teil 2 \\\\ Ärger" in lines
    assert f"DTSTART:{year}0701T080000Z" in lines
    assert f"DTEND:{year}0701T090000Z" in lines
    assert f"UID:{event.uid}@{ical.UID_DOMAIN}" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Zeile eins\\nZeile zwei äöü")
    assert "Online: https://konferenz.example/raum" in description
    url_line = next(line for line in lines if line.startswith("URL:"))
    assert url_line.endswith(tool_url(workspace.page, "kalender", "event", pk=event.pk))
    # The UID stays when the event changes; SEQUENCE goes up.
    services.save_event(
        workspace,
        people["owner"],
        {"title": event.title, "start": start, "end": start + datetime.timedelta(hours=2)},
        event,
    )
    again = unfold(client.get(of_workspace(token, workspace)).content.decode()).split("\r\n")
    assert f"UID:{event.uid}@{ical.UID_DOMAIN}" in again
    assert "SEQUENCE:1" in again


def test_all_day_events_are_dates(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    year = timezone.localdate().year + 1
    services.save_event(
        workspace,
        people["member"],
        {
            "title": "Klausur",
            "start": timezone.make_aware(datetime.datetime(year, 9, 14, 9)),
            "end": timezone.make_aware(datetime.datetime(year, 9, 15, 9)),
            "all_day": True,
        },
    )
    token = services.active_token(people["member"])
    lines = unfold(client.get(of_workspace(token, workspace)).content.decode()).split("\r\n")
    assert f"DTSTART;VALUE=DATE:{year}0914" in lines
    assert f"DTEND;VALUE=DATE:{year}0916" in lines  # exclusive end: the day after the last day
