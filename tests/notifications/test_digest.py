"""The daily digest: ``send_notification_digest`` mails each person their
un-mailed, unread, visible notifications of digest kinds, once."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

import pytest

from cms.notifications.models import Delivery, Kind, Notification, NotificationPreference
from cms.notifications.services import notify
from cms.notifications.tasks import send_notification_digest
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(people, workspaces):
    """For ``member``: two digest notifications, one read, one of a site-only kind."""
    page = workspaces[Workspace.Kind.PRIVATE].page
    NotificationPreference.objects.create(
        user=people["member"], kind=Kind.POLL, delivery=Delivery.SITE
    )
    notify([people["member"]], Kind.DOCUMENT, "Neues Konzept", url=page.url, page=page)
    notify([people["member"]], Kind.EVENT, "Sitzung am Montag", page=page)
    (read,) = notify([people["member"]], Kind.EVENT, "Schon gelesen", page=page)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    notify([people["member"]], Kind.POLL, "Umfrage ausgewertet", page=page)
    mail.outbox.clear()


def run(*args):
    out = StringIO()
    call_command("send_notification_digest", *args, stdout=out)
    return out.getvalue()


def test_the_digest_mails_each_person_once(people, pending):
    output = run()
    assert "member erhält 2 Benachrichtigung(en)" in output
    assert "1 Zusammenfassung(en) mit 2 Benachrichtigung(en) wurden versandt." in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people["member"].email]
    assert message.subject == "Intranet: 2 neue Benachrichtigungen"
    assert "Neues Konzept" in message.body and "Sitzung am Montag" in message.body
    assert "Schon gelesen" not in message.body
    assert "Umfrage ausgewertet" not in message.body


def test_a_second_run_sends_nothing(pending):
    run()
    mail.outbox.clear()
    output = run()
    assert mail.outbox == []
    assert "0 Zusammenfassung(en)" in output


def test_the_dry_run_sends_and_marks_nothing(pending):
    output = run("--dry-run")
    assert "Probelauf" in output and "member bekäme 2" in output
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    run()
    assert len(mail.outbox) == 1


def test_the_task_sends_the_same_digest(pending):
    result = send_notification_digest.enqueue()
    assert result.return_value == [1, 2]
    assert len(mail.outbox) == 1


def test_people_without_an_address_are_skipped(people, pending):
    type(people["member"]).objects.filter(pk=people["member"].pk).update(email="")
    run()
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
