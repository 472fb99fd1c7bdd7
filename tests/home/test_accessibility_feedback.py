"""Feedback on barriers: readers send it from the accessibility statement; it
is stored with a due date one month ahead, the central editorial team gets an
e-mail, and editors work through it in the admin."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from home.editorial import ensure_editorial_setup
from home.models import AccessibilityFeedback
from home.models.accessibility import due_date_for
from tests import factories
from tests.home.test_accessibility_statement import make_statement

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_home_accessibilityfeedback:list"


@pytest.fixture
def statement(home_page):
    return make_statement(home_page)


@pytest.fixture
def central_editor(db):
    setup = ensure_editorial_setup()
    editor = factories.UserFactory(username="redaktion", email="redaktion@stadt.example")
    editor.groups.add(setup.central_group)
    return editor


@pytest.fixture
def reader(db):
    return factories.UserFactory(
        username="mitarbeiter", first_name="Max", last_name="Muster", email="max@stadt.example"
    )


def test_form_is_prefilled_from_the_signed_in_person(client, reader, statement):
    client.force_login(reader)
    response = client.get(statement.url, {"seite": "/formulare/verzeichnis/"})
    form = response.context["form"]
    assert form.initial["name"] == "Max Muster"
    assert form.initial["email"] == "max@stadt.example"
    assert form.initial["page_url"] == "/formulare/verzeichnis/"
    html = response.content.decode()
    assert 'value="max@stadt.example"' in html
    assert '<label for="id_message">Ihre Nachricht' in html


def test_valid_feedback_is_stored_mailed_and_thanked(client, reader, statement, central_editor):
    client.force_login(reader)
    response = client.post(
        statement.url,
        {
            "message": "  Der Kalender ist mit der Tastatur nicht bedienbar.  ",
            "page_url": "/arbeitsraeume/projekt/kalender/",
            "name": "Max Muster",
            "email": "max@stadt.example",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == statement.url + "danke/"
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Der Kalender ist mit der Tastatur nicht bedienbar."
    assert feedback.user == reader
    assert feedback.status == AccessibilityFeedback.Status.OPEN
    assert feedback.answered_at is None
    assert feedback.due_date == due_date_for(feedback.received_at)
    assert feedback.due_date > timezone.localdate() + datetime.timedelta(days=27)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["redaktion@stadt.example"]
    assert "Barrierefreiheit" in message.subject
    assert feedback.due_date.strftime("%Y") in message.subject
    assert "Der Kalender ist mit der Tastatur nicht bedienbar." in message.body
    assert "/arbeitsraeume/projekt/kalender/" in message.body
    assert reverse("wagtailsnippets_home_accessibilityfeedback:edit", args=[feedback.pk]) in (
        message.body
    )

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert "Vielen Dank für Ihre Rückmeldung" in html
    assert 'role="status"' in html


def test_only_the_message_is_required(client, reader, statement):
    client.force_login(reader)
    response = client.post(statement.url, {"message": "Kontrast zu schwach."})
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.name, feedback.email, feedback.page_url) == ("", "", "")


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"message": "   "}, "message", "Bitte beschreiben Sie das Problem"),
        ({"message": "x" * 5001}, "message", "Die Nachricht ist zu lang"),
        ({"message": "Problem", "email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"message": "Problem", "page_url": "javascript:alert(1)"}, "page_url", "Adresse"),
        ({"message": "Problem", "page_url": "irgendwo"}, "page_url", "Adresse"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    client, reader, statement, central_editor, data, field, text
):
    client.force_login(reader)
    response = client.post(statement.url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert text in html
    assert f'id="id_{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert AccessibilityFeedback.objects.count() == 0
    assert mail.outbox == []


def test_due_date_is_one_calendar_month_after_receipt():
    received = timezone.make_aware(datetime.datetime(2027, 1, 31, 10, 0))
    assert due_date_for(received) == datetime.date(2027, 2, 28)
    received = timezone.make_aware(datetime.datetime(2027, 3, 15, 10, 0))
    assert due_date_for(received) == datetime.date(2027, 4, 15)


def test_answering_records_the_time_and_reopening_clears_it(reader):
    feedback = AccessibilityFeedback.objects.create(message="Problem")
    feedback.status = AccessibilityFeedback.Status.ANSWERED
    feedback.save()
    assert feedback.answered_at is not None
    feedback.status = AccessibilityFeedback.Status.OPEN
    feedback.save()
    assert feedback.answered_at is None


def _feedback(message, days_ago, status=AccessibilityFeedback.Status.OPEN):
    received = timezone.now() - datetime.timedelta(days=days_ago)
    return AccessibilityFeedback.objects.create(
        message=message, received_at=received, status=status
    )


def test_central_editors_list_feedback_with_overdue_marked(client, central_editor):
    _feedback("Alte Meldung ohne Antwort", 40)
    _feedback("Frische Meldung", 2)
    _feedback("Alte beantwortete Meldung", 50, AccessibilityFeedback.Status.ANSWERED)
    client.force_login(central_editor)
    response = client.get(reverse(LIST_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alte Meldung ohne Antwort" in html and "Frische Meldung" in html
    assert html.count("überfällig") == 1  # marked in words, not only by colour

    open_only = client.get(reverse(LIST_URL), {"status": "open"}).content.decode()
    assert "Alte beantwortete Meldung" not in open_only
    assert "Frische Meldung" in open_only

    overdue = client.get(reverse(LIST_URL), {"overdue": "true"}).content.decode()
    assert "Alte Meldung ohne Antwort" in overdue
    assert "Frische Meldung" not in overdue

    soon = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    due = client.get(reverse(LIST_URL), {"due_date_from": soon}).content.decode()
    assert "Frische Meldung" in due and "Alte Meldung ohne Antwort" not in due


def test_central_editors_mark_feedback_answered(client, central_editor):
    feedback = _feedback("Problem", 3)
    client.force_login(central_editor)
    url = reverse("wagtailsnippets_home_accessibilityfeedback:edit", args=[feedback.pk])
    response = client.post(url, {"status": "answered", "answered_at": "", "note": "Behoben."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == AccessibilityFeedback.Status.ANSWERED
    assert feedback.answered_at is not None
    assert feedback.note == "Behoben."
    assert feedback.message == "Problem"  # read-only in the admin


def test_other_editors_and_readers_cannot_read_feedback(client, reader):
    _feedback("Vertraulich", 1)
    setup = ensure_editorial_setup()
    decentral = factories.UserFactory(username="redakteur")
    decentral.groups.add(setup.decentral_group)
    client.force_login(decentral)
    response = client.get(reverse(LIST_URL))
    assert response.status_code in (302, 403)
    assert "Vertraulich" not in response.content.decode()
    client.force_login(reader)
    response = client.get(reverse(LIST_URL))
    assert response.status_code in (302, 403)
    assert "Vertraulich" not in response.content.decode()
