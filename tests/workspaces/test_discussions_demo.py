"""The demo discussions: seeded into the demo workspaces with replies, a
mention that notified, an edited post with its history and a pinned
thread; a second run changes nothing; the secret workspace's thread stays
hidden from ``gast``."""

import pytest

from cms.notifications.models import Kind, Notification
from demo.builders import Recorder
from demo.workspaces import discussions as discussions_demo
from demo.workspaces.spaces import seed_workspaces
from tests import factories
from workspaces.discussions.models import Post, PostRevision, Thread
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_workspaces(home_page):
    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    factories.UserFactory(username="jugendamt")
    factories.UserFactory(username="mitarbeiter")
    return seed_workspaces(Recorder(), admin)


def test_demo_discussions_are_seeded_once(client, demo_workspaces):
    first = discussions_demo.seed()
    assert first.changed
    expected = sum(len(threads) for threads in discussions_demo.DISCUSSIONS.values())
    assert Thread.objects.count() == expected
    posts = Post.objects.count()
    pilot = Thread.objects.get(title="Pilotstart im Jugendamt: Schulungstermine")
    assert pilot.pinned and pilot.posts.count() == 3
    assert pilot.last_activity_at > pilot.created_at
    edited = pilot.posts.get(author__username="jugendamt")
    assert edited.edited_at and PostRevision.objects.filter(post=edited).count() == 1
    assert Notification.objects.filter(recipient__username="jugendamt", kind=Kind.MENTION).exists()

    again = discussions_demo.seed()
    assert not again.changed, again.changes
    assert (Thread.objects.count(), Post.objects.count()) == (expected, posts)

    secret = Thread.objects.get(title="Sparliste: Rückmeldungen der Ämter")
    client.force_login(factories.UserFactory(username="gast"))
    page = secret.workspace.page
    assert (
        client.get(tool_url(page, "diskussionen", "thread", thread_id=secret.pk)).status_code == 404
    )
    client.force_login(pilot.created_by)
    response = client.get(tool_url(pilot.workspace.page, "diskussionen"))
    assert "Pilotstart im Jugendamt" in response.content.decode()
