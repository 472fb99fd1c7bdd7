"""A notification never shows a title its recipient may not see: not in the
centre, the header badge, the API or the mails — also after the recipient
left the workspace it is about."""

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.notifications.models import Kind, Notification
from cms.notifications.services import notify, visible_notifications
from tests.notifications.conftest import SECRET_TITLE, login
from workspaces import services as workspace_services
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def everything_the_member_gets(client, notification):
    """Every response of every channel that could carry the title."""
    return [
        client.get("/benachrichtigungen/"),
        client.get("/benachrichtigungen/?ungelesen=1"),
        client.get("/benachrichtigungen/einstellungen/"),
        client.get("/api/v2/notifications/"),
        client.get("/api/v2/notifications/?unread=true"),
        client.post(f"/api/v2/notifications/{notification.pk}/read/"),
        client.get(f"/benachrichtigungen/{notification.pk}/"),
    ]


def test_the_member_sees_the_notification_while_in_the_workspace(client, people, leaky):
    login(client, people["member"])
    page = client.get("/benachrichtigungen/")
    assert SECRET_TITLE in page.content.decode()
    data = client.get("/api/v2/notifications/").json()
    assert data["meta"] == {"total_count": 1, "unread_count": 1}
    assert data["items"][0]["title"] == SECRET_TITLE


def test_after_leaving_the_workspace_the_title_appears_nowhere(client, people, private, leaky):
    workspace_services.remove_member(private, people["member"])
    login(client, people["member"])

    responses = everything_the_member_gets(client, leaky)

    for response in responses:
        assert SECRET_TITLE not in response.content.decode()
    listing, unread_only, settings_page, api, api_unread, read, opened = responses
    assert "0 ungelesene Benachrichtigungen" in listing.content.decode()
    assert 'class="badge' not in settings_page.content.decode()  # no unread badge in the header
    assert api.json()["meta"] == {"total_count": 0, "unread_count": 0}
    assert api.json()["items"] == []
    assert api_unread.json()["meta"]["total_count"] == 0
    assert read.status_code == 404
    assert opened.status_code == 404
    # Marking everything read does not touch (or reveal) the hidden one.
    assert client.post("/api/v2/notifications/read-all/").json()["marked"] == 0
    assert Notification.objects.get(pk=leaky.pk).read_at is None


def test_after_leaving_the_workspace_nothing_is_mailed(people, private, leaky):
    workspace_services.remove_member(private, people["member"])
    mail.outbox.clear()

    call_command("send_notification_digest", stdout=StringIO())

    assert all(SECRET_TITLE not in m.subject + m.body for m in mail.outbox)
    assert not [m for m in mail.outbox if people["member"].email in m.to]
    assert Notification.objects.get(pk=leaky.pk).emailed_at is None


def test_an_immediate_mail_about_a_hidden_page_is_not_sent(people, private):
    mail.outbox.clear()
    notify([people["gast"]], Kind.MENTION, SECRET_TITLE, page=private.page)
    assert Notification.objects.filter(recipient=people["gast"]).count() == 1
    assert mail.outbox == []


def test_a_hidden_collection_hides_the_notification(client, people, private):
    notify([people["gast"]], Kind.DOCUMENT, SECRET_TITLE, collection=private.collection)
    login(client, people["gast"])
    assert SECRET_TITLE not in client.get("/benachrichtigungen/").content.decode()
    assert client.get("/api/v2/notifications/").json()["meta"]["unread_count"] == 0


def test_secret_workspace_notifications_are_hidden_from_outsiders(client, people, workspaces):
    secret = workspaces[Workspace.Kind.SECRET]
    notify([people["gast"]], Kind.EVENT, "Haushaltsklausur", page=secret.page)
    login(client, people["gast"])
    assert "Haushaltsklausur" not in client.get("/api/v2/notifications/").content.decode()


def test_an_unpublished_page_hides_the_notification(client, people, workspaces):
    public = workspaces[Workspace.Kind.PUBLIC]
    notify([people["gast"]], Kind.DOCUMENT, "Vorläufiger Plan", page=public.page)
    login(client, people["gast"])
    assert client.get("/api/v2/notifications/").json()["meta"]["total_count"] == 1
    public.page.unpublish()
    assert "Vorläufiger Plan" not in client.get("/api/v2/notifications/").content.decode()


def test_visibility_costs_the_same_number_of_queries_for_many_notifications(people, workspaces):
    gast = people["gast"]

    def queries_for_listing():
        user = type(gast).objects.get(pk=gast.pk)
        with CaptureQueriesContext(connection) as captured:
            list(visible_notifications(user))
        return len(captured)

    notify([gast], Kind.DOCUMENT, "Eins", page=workspaces[Workspace.Kind.PUBLIC].page)
    few = queries_for_listing()
    for workspace in workspaces.values():
        for number in range(10):
            notify([gast], Kind.DOCUMENT, f"Nummer {number}", page=workspace.page)
            notify([gast], Kind.DOCUMENT, f"Datei {number}", collection=workspace.collection)
    many = queries_for_listing()
    assert many == few
    visible = visible_notifications(type(gast).objects.get(pk=gast.pk))
    # Of 61, only the public workspace's: 1 + 10 about its page + 10 about its collection.
    assert Notification.objects.filter(recipient=gast).count() == 61
    assert visible.count() == 21
