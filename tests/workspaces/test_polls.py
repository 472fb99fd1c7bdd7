"""Scheduling polls: propose slots, vote yes/maybe/no (a second vote replaces
the first as a whole), the owner fixes a slot and it becomes an event; the
voters are notified. Bad input leaves nothing half-written."""

import datetime

from django.utils import timezone

import pytest

from cms.notifications.models import Kind, Notification
from workspaces.calendar import services
from workspaces.calendar.models import Event, Poll, PollAnswer, PollSlot
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
def poll(workspace, people):
    return services.create_poll(
        workspace,
        people["member"],
        "Lenkungskreis",
        [(at(3), at(3, 11)), (at(4), at(4, 11)), (at(5), at(5, 11))],
        place="Raum 204",
    )


def api(workspace, rest=""):
    return f"/api/v2/workspaces/{workspace.pk}/{rest}"


def my_answers(poll, user):
    return dict(
        PollAnswer.objects.filter(slot__poll=poll, user=user).values_list("slot_id", "answer")
    )


def test_two_votes_by_one_member_the_second_replaces_the_first(poll, people):
    first, second, third = poll.slots.all()
    member = people["member"]
    services.vote(poll, member, {first.pk: "yes", second.pk: "maybe", third.pk: "no"})
    services.vote(poll, member, {str(second.pk): "yes"})
    assert my_answers(poll, member) == {second.pk: "yes"}
    assert PollAnswer.objects.filter(user=member).count() == 1


def test_vote_through_the_api_and_counts(client, workspace, poll, people):
    first, second, _third = poll.slots.all()
    for who, answers in (("owner", {first.pk: "yes"}), ("member", {first.pk: "maybe"})):
        client.force_login(people[who])
        response = client.put(
            api(workspace, f"polls/{poll.pk}/vote/"), answers, content_type="application/json"
        )
        assert response.status_code == 200, response.content
    data = client.get(api(workspace, f"polls/{poll.pk}/")).json()
    slots = {slot["id"]: slot for slot in data["slots"]}
    assert slots[first.pk]["counts"] == {"yes": 1, "maybe": 1, "no": 0}
    assert slots[first.pk]["my_answer"] == "maybe"
    assert slots[second.pk]["my_answer"] is None
    assert data["voters"] == 2


def test_vote_form_replaces_the_vote(client, workspace, poll, people):
    first, second, _third = poll.slots.all()
    detail = tool_url(workspace.page, "kalender", "poll", pk=poll.pk)
    client.force_login(people["member"])
    page = client.get(detail)
    assert page.status_code == 200
    assert f'name="slot-{first.pk}"' in page.content.decode()
    client.post(detail, {"action": "vote", f"slot-{first.pk}": "yes", f"slot-{second.pk}": "no"})
    client.post(detail, {"action": "vote", f"slot-{second.pk}": "maybe"})
    assert my_answers(poll, people["member"]) == {second.pk: "maybe"}


@pytest.mark.parametrize(
    "answers, message",
    [
        ({}, "mindestens einen"),
        ({"999999": "yes"}, "Unbekannter Vorschlag"),
        ({"first": "vielleicht"}, "„yes“"),
    ],
)
def test_bad_votes_are_refused_and_keep_the_earlier_vote(
    client, workspace, poll, people, answers, message
):
    first = poll.slots.first()
    services.vote(poll, people["member"], {first.pk: "yes"})
    answers = {str(first.pk) if k == "first" else k: v for k, v in answers.items()}
    client.force_login(people["member"])
    response = client.put(
        api(workspace, f"polls/{poll.pk}/vote/"), answers, content_type="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert my_answers(poll, people["member"]) == {first.pk: "yes"}


def test_reader_may_not_vote(client, workspace, poll, people):
    client.force_login(people["reader"])
    response = client.put(
        api(workspace, f"polls/{poll.pk}/vote/"),
        {str(poll.slots.first().pk): "yes"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not PollAnswer.objects.exists()


def test_poll_without_slots_is_refused_and_nothing_is_written(client, workspace, people):
    client.force_login(people["member"])
    response = client.post(
        api(workspace, "polls/"),
        {"title": "Ohne Termine", "slots": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "mindestens einen Termin" in response.json()["message"]
    form = client.post(
        tool_url(workspace.page, "kalender", "poll_new"),
        {
            "title": "Ohne Termine",
            "slots-TOTAL_FORMS": "2",
            "slots-INITIAL_FORMS": "0",
            "slots-0-start": "",
            "slots-0-end": "",
            "slots-1-start": "",
            "slots-1-end": "",
        },
    )
    assert form.status_code == 400
    assert "mindestens einen Termin" in form.content.decode()
    assert 'role="alert"' in form.content.decode()
    assert not Poll.objects.exists()


def test_poll_with_one_bad_slot_writes_nothing(client, workspace, people):
    client.force_login(people["member"])
    response = client.post(
        api(workspace, "polls/"),
        {
            "title": "Halb gut",
            "slots": [
                {"start": at(3).isoformat(), "end": at(3, 11).isoformat()},
                {"start": at(4, 11).isoformat(), "end": at(4).isoformat()},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Vorschlag 2: Das Ende muss nach dem Beginn liegen." in response.json()["message"]
    assert not Poll.objects.exists()
    assert not PollSlot.objects.exists()


def test_poll_created_through_the_form(client, workspace, people):
    client.force_login(people["member"])
    response = client.post(
        tool_url(workspace.page, "kalender", "poll_new"),
        {
            "title": "Sommerfest",
            "slots-TOTAL_FORMS": "2",
            "slots-INITIAL_FORMS": "0",
            "slots-0-start": at(9).strftime("%Y-%m-%dT%H:%M"),
            "slots-0-end": at(9, 12).strftime("%Y-%m-%dT%H:%M"),
            "slots-1-start": "",
            "slots-1-end": "",
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.slots.count() == 1


def test_owner_fixes_a_slot_it_becomes_an_event_and_voters_are_notified(
    client, workspace, poll, people
):
    first, second, _third = poll.slots.all()
    services.vote(poll, people["member"], {first.pk: "no", second.pk: "yes"})
    services.vote(poll, people["owner"], {second.pk: "yes"})
    client.force_login(people["owner"])
    response = client.post(
        api(workspace, f"polls/{poll.pk}/fix/"),
        {"slot": second.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["id"])
    assert (event.start, event.end, event.title, event.place) == (
        second.start,
        second.end,
        "Lenkungskreis",
        "Raum 204",
    )
    poll.refresh_from_db()
    assert poll.closed and poll.fixed_slot == second and poll.event == event
    notified = Notification.objects.filter(kind=Kind.POLL)
    # The member voted; the owner fixed it and is not told about their own action.
    assert [n.recipient.username for n in notified] == ["member"]
    assert notified[0].page_id == workspace.page_id
    assert "Lenkungskreis" in notified[0].title
    again = client.post(
        api(workspace, f"polls/{poll.pk}/fix/"),
        {"slot": first.pk},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert Event.objects.count() == 1
    client.force_login(people["member"])
    late = client.put(
        api(workspace, f"polls/{poll.pk}/vote/"),
        {str(first.pk): "yes"},
        content_type="application/json",
    )
    assert late.status_code == 400
    assert "abgeschlossen" in late.json()["message"]
    assert my_answers(poll, people["member"]) == {first.pk: "no", second.pk: "yes"}


def test_fix_needs_a_slot_of_this_poll_and_the_right_person(client, workspace, poll, people):
    other = services.create_poll(workspace, people["owner"], "Andere", [(at(6), at(6, 11))])
    client.force_login(people["member"])  # made `poll`, may fix it – but not `other`
    response = client.post(
        api(workspace, f"polls/{other.pk}/fix/"),
        {"slot": other.slots.get().pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    wrong = client.post(
        api(workspace, f"polls/{poll.pk}/fix/"),
        {"slot": other.slots.get().pk},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert "Vorschläge" in wrong.json()["message"]
    assert not Event.objects.exists()
    assert not Poll.objects.filter(closed=True).exists()
