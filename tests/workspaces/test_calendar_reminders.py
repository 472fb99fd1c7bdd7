"""``send_event_reminders`` notifies attendees (yes or maybe) of events in the
next 24 hours, once per event start; ``--dry-run`` writes nothing. The demo
appointments seed idempotently."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.notifications.models import Kind, Notification
from demo.builders import Recorder
from demo.workspaces import calendar as calendar_demo
from demo.workspaces import spaces as workspace_demo
from tests import factories
from workspaces.calendar import services
from workspaces.calendar.models import CalendarToken, Event, EventReminder, Poll, Rsvp
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


def soon(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


@pytest.fixture
def planned(workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    tomorrow = Event.objects.create(workspace=workspace, title="Gleich", start=soon(5), end=soon(6))
    later = Event.objects.create(workspace=workspace, title="Später", start=soon(30), end=soon(31))
    past = Event.objects.create(workspace=workspace, title="Vorbei", start=soon(-3), end=soon(-2))
    for event in (tomorrow, later, past):
        Rsvp.objects.create(event=event, user=people["member"], answer="yes")
    Rsvp.objects.create(event=tomorrow, user=people["reader"], answer="maybe")
    Rsvp.objects.create(event=tomorrow, user=people["owner"], answer="no")
    return tomorrow


def run(*args):
    out = io.StringIO()
    call_command("send_event_reminders", *args, stdout=out)
    return out.getvalue()


def reminded():
    return sorted(
        (n.recipient.username, n.title) for n in Notification.objects.filter(kind=Kind.EVENT)
    )


def test_reminds_attendees_of_the_next_24_hours_once(planned, people):
    output = run()
    assert "2 Erinnerung(en) gesendet" in output
    assert [name for name, _title in reminded()] == ["member", "reader"]
    assert all("Gleich" in title for _name, title in reminded())
    notification = Notification.objects.filter(kind=Kind.EVENT).first()
    assert notification.url == services.event_url(planned)
    assert notification.page_id == planned.workspace.page_id
    assert "0 Erinnerung(en) gesendet" in run()
    assert Notification.objects.filter(kind=Kind.EVENT).count() == 2


def test_a_moved_event_is_reminded_of_again(planned):
    run()
    planned.start = soon(8)
    planned.end = soon(9)
    planned.save()
    run()
    assert Notification.objects.filter(kind=Kind.EVENT).count() == 4


def test_dry_run_writes_nothing(planned):
    output = run("--dry-run")
    assert "Würde erinnern: member: Gleich" in output
    assert "2 Erinnerung(en) fällig" in output
    assert not Notification.objects.exists()
    assert not EventReminder.objects.exists()


def test_archived_workspaces_are_not_reminded(planned, workspaces):
    from workspaces import services as workspace_services

    workspace_services.set_status(workspaces[Workspace.Kind.PRIVATE], Workspace.Status.ARCHIVED)
    run()
    assert not Notification.objects.exists()


def test_demo_appointments_seed_once(home_page):
    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    for name in ("jugendamt", "mitarbeiter"):
        factories.UserFactory(username=name)
    workspace_demo.seed_workspaces(Recorder(), admin)
    assert calendar_demo.seed() > 0
    counts = (Event.objects.count(), Rsvp.objects.count(), Poll.objects.count())
    assert calendar_demo.seed() == 0
    assert (Event.objects.count(), Rsvp.objects.count(), Poll.objects.count()) == counts
    assert Event.objects.filter(end__lt=timezone.now()).exists()
    assert Event.objects.filter(start__gt=timezone.now()).exists()
    poll = Poll.objects.get()
    assert not poll.closed and services.voters(poll).count() == 2
    projekt = type(admin).objects.get(username="projekt")
    assert CalendarToken.objects.filter(user=projekt, revoked_at__isnull=True).count() == 1


def test_demo_pages_render(client, home_page):
    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    factories.UserFactory(username="jugendamt")
    workspace_demo.seed_workspaces(Recorder(), admin)
    calendar_demo.seed()
    workspace = Workspace.objects.get(page__title="Projekt Digitale Akte")
    client.force_login(type(admin).objects.get(username="projekt"))
    poll = Poll.objects.get()
    event = Event.objects.filter(workspace=workspace).first()
    for name, kwargs in (
        ("index", {}),
        ("polls", {}),
        ("poll_new", {}),
        ("event_new", {}),
        ("subscribe", {}),
        ("poll", {"pk": poll.pk}),
        ("event", {"pk": event.pk}),
        ("event_edit", {"pk": event.pk}),
    ):
        response = client.get(tool_url(workspace.page, "kalender", name, **kwargs))
        assert response.status_code == 200, name
        assert b"<h1>" in response.content
