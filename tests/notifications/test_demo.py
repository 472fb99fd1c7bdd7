"""The demo notifications: projekt finds gast's join request, mitarbeiter a
new document; a second run adds nothing."""

import pytest

from cms.notifications.models import Kind, Notification
from demo import notifications as notifications_demo
from demo.builders import Recorder
from demo.workspaces.spaces import seed_workspaces
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_notifications_are_seeded_once(home_page):
    admin = factories.UserFactory(username="admin", is_superuser=True)
    factories.UserFactory(username="mitarbeiter")
    seed_workspaces(Recorder(), admin)

    assert notifications_demo.seed() == 2
    assert notifications_demo.seed() == 0

    projekt = Notification.objects.get(recipient__username="projekt")
    assert projekt.kind == Kind.JOIN_REQUEST
    assert "Projekt Digitale Akte" in projekt.title
    employee = Notification.objects.get(recipient__username="mitarbeiter")
    assert employee.kind == Kind.DOCUMENT
    assert not Notification.objects.filter(recipient__username="gast").exists()
