"""Each person chooses per kind: not at all, only in the site, with a mail
at once, or in the daily digest."""

import re

from django.core import mail

import pytest

from cms.notifications.models import Delivery, Kind, Notification, NotificationPreference
from cms.notifications.services import notify, preferences_for
from tests.notifications.conftest import login
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def test_defaults_mentions_and_join_requests_at_once_the_rest_in_the_digest(people):
    chosen = preferences_for(people["member"])
    assert chosen[Kind.MENTION] == Delivery.IMMEDIATE
    assert chosen[Kind.JOIN_REQUEST] == Delivery.IMMEDIATE
    assert chosen[Kind.DOCUMENT] == Delivery.DIGEST
    assert chosen[Kind.EVENT] == Delivery.DIGEST


def test_the_settings_page_is_an_accessible_form_of_radio_buttons(client, people):
    login(client, people["member"])
    html = client.get("/benachrichtigungen/einstellungen/").content.decode()
    assert html.count("<fieldset") == len(Kind)
    assert "<legend>Erwähnungen</legend>" in html
    assert 'type="radio" name="mention" value="immediate"' in html
    checked = re.findall(r'name="(\w+)" value="(\w+)"[^>]*checked', html)
    assert ("mention", "immediate") in checked
    assert ("document", "digest") in checked
    assert len(checked) == len(Kind)


def test_saving_the_settings(client, people):
    login(client, people["member"])
    data = {kind.value: Delivery.SITE for kind in Kind}
    data[Kind.EVENT] = Delivery.OFF
    response = client.post("/benachrichtigungen/einstellungen/", data)
    assert response.status_code == 302
    chosen = preferences_for(people["member"])
    assert chosen[Kind.EVENT] == Delivery.OFF
    assert chosen[Kind.MENTION] == Delivery.SITE


def test_a_wrong_choice_re_renders_with_a_message_and_stores_nothing(client, people):
    login(client, people["member"])
    data = {kind.value: Delivery.SITE for kind in Kind}
    data[Kind.POLL] = "sofort-und-laut"
    response = client.post("/benachrichtigungen/einstellungen/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Diese Auswahl gibt es nicht." in html
    assert not NotificationPreference.objects.exists()


def test_off_means_no_notification_at_all(people, workspaces):
    NotificationPreference.objects.create(
        user=people["member"], kind=Kind.EVENT, delivery=Delivery.OFF
    )
    page = workspaces[Workspace.Kind.PUBLIC].page
    created = notify([people["member"], people["reader"]], Kind.EVENT, "Sitzung", page=page)
    assert [n.recipient.username for n in created] == ["reader"]


def test_immediate_mail_in_german_when_chosen(people, workspaces):
    mail.outbox.clear()
    page = workspaces[Workspace.Kind.PRIVATE].page
    (note,) = notify(
        [people["member"]], Kind.MENTION, "Sie wurden erwähnt", url=page.url, page=page
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people["member"].email]
    assert message.subject == "Intranet: Sie wurden erwähnt"
    assert "Guten Tag" in message.body and "Erwähnungen: Sie wurden erwähnt" in message.body
    assert "/benachrichtigungen/einstellungen/" in message.body
    assert Notification.objects.get(pk=note.pk).emailed_at is not None


def test_site_only_sends_no_mail(people, workspaces):
    NotificationPreference.objects.create(
        user=people["member"], kind=Kind.MENTION, delivery=Delivery.SITE
    )
    mail.outbox.clear()
    notify([people["member"]], Kind.MENTION, "Leise", page=workspaces[Workspace.Kind.PUBLIC].page)
    assert mail.outbox == []


def test_the_actor_is_not_notified_about_their_own_action(people):
    created = notify([people["owner"], people["member"]], Kind.MENTION, "x", actor=people["owner"])
    assert [n.recipient.username for n in created] == ["member"]
