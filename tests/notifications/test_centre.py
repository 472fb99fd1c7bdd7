"""The notification centre in the site: the list (unread first), marking
read, opening, and the unread badge in the header."""

import pytest

from cms.notifications.models import Kind, Notification
from cms.notifications.services import notify
from tests.notifications.conftest import login
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(people, workspaces):
    """Three notifications for ``member`` about the public workspace, the oldest read."""
    page = workspaces[Workspace.Kind.PUBLIC].page
    created = []
    for title in ("Alt und gelesen", "Neu eins", "Neu zwei"):
        created += notify([people["member"]], Kind.EVENT, title, url=page.url, page=page)
    Notification.objects.filter(pk=created[0].pk).update(read_at=created[0].created_at)
    return created


def test_the_list_shows_unread_ones_first_and_counts_them(client, people, three):
    login(client, people["member"])
    html = client.get("/benachrichtigungen/").content.decode()
    assert "2 ungelesene Benachrichtigungen" in html
    assert html.index("Neu zwei") < html.index("Neu eins") < html.index("Alt und gelesen")


def test_only_unread_filter(client, people, three):
    login(client, people["member"])
    html = client.get("/benachrichtigungen/?ungelesen=1").content.decode()
    assert "Neu eins" in html and "Alt und gelesen" not in html


def test_the_header_badge_counts_unread_notifications(client, people, three, workspaces):
    login(client, people["member"])
    html = client.get(workspaces[Workspace.Kind.PUBLIC].page.url).content.decode()
    assert 'href="/benachrichtigungen/"' in html
    assert '2<span class="visually-hidden"> ungelesen</span>' in html


def test_mark_one_read_by_post(client, people, three):
    login(client, people["member"])
    target = three[1]
    assert client.get(f"/benachrichtigungen/{target.pk}/gelesen/").status_code == 405
    response = client.post(f"/benachrichtigungen/{target.pk}/gelesen/")
    assert response.status_code == 302
    assert Notification.objects.get(pk=target.pk).read_at is not None
    assert Notification.objects.get(pk=three[2].pk).read_at is None


def test_mark_all_read(client, people, three):
    login(client, people["member"])
    response = client.post("/benachrichtigungen/alle-gelesen/", follow=True)
    assert "0 ungelesene Benachrichtigungen" in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_opening_marks_read_and_leads_to_the_page(client, people, three, workspaces):
    login(client, people["member"])
    response = client.get(f"/benachrichtigungen/{three[2].pk}/")
    assert response.status_code == 302
    assert response["Location"] == workspaces[Workspace.Kind.PUBLIC].page.url
    assert Notification.objects.get(pk=three[2].pk).read_at is not None


def test_a_foreign_address_is_not_followed(client, people):
    (note,) = notify([people["member"]], Kind.MENTION, "Fremd", url="https://evil.example/")
    login(client, people["member"])
    response = client.get(f"/benachrichtigungen/{note.pk}/")
    assert response["Location"] == "/benachrichtigungen/"


def test_someone_elses_notification_is_404(client, people, three):
    login(client, people["gast"])
    assert client.get(f"/benachrichtigungen/{three[1].pk}/").status_code == 404
    assert client.post(f"/benachrichtigungen/{three[1].pk}/gelesen/").status_code == 404
    assert "Neu eins" not in client.get("/benachrichtigungen/").content.decode()
    assert Notification.objects.get(pk=three[1].pk).read_at is None


def test_the_centre_needs_a_login(client):
    response = client.get("/benachrichtigungen/")
    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]
