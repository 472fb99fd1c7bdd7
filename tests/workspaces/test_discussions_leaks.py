"""Leak tests of discussions: an outsider (``gast``) gets 404 on every view
and API route of a private or secret workspace's discussions, writes
nothing there, and no notification ever tells a person about a workspace
they cannot see."""

import pytest

from cms.notifications.models import Kind, Notification
from cms.notifications.services import visible_notifications
from tests.workspaces.conftest import fresh
from workspaces import services as workspace_services
from workspaces.discussions import services
from workspaces.discussions.models import Post, Subscription, Thread
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db

RESTRICTED = (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET)


@pytest.fixture
def discussion(workspaces, people):
    """{kind: (thread, reply)} in every workspace."""
    result = {}
    for kind, workspace in workspaces.items():
        thread = services.start_thread(workspace, people["owner"], f"Thema {kind}", "Eröffnung")
        result[kind] = (thread, services.reply(thread, people["member"], "Antwort"))
    return result


def view_urls(workspace, thread, post):
    page = workspace.page
    ids = {"thread_id": thread.pk}
    post_ids = {**ids, "post_id": post.pk}
    return [
        tool_url(page, "diskussionen"),
        tool_url(page, "diskussionen", "new"),
        tool_url(page, "diskussionen", "thread", **ids),
        tool_url(page, "diskussionen", "subscription", **ids),
        tool_url(page, "diskussionen", "moderate_thread", **ids),
        tool_url(page, "diskussionen", "edit", **post_ids),
        tool_url(page, "diskussionen", "history", **post_ids),
        tool_url(page, "diskussionen", "moderate_post", **post_ids),
    ]


def api_calls(workspace, thread, post):
    base = f"/api/v2/workspaces/{workspace.pk}/threads/"
    one = f"{base}{thread.pk}/"
    post_url = f"{one}posts/{post.pk}/"
    return [
        ("get", base, None),
        ("post", base, {"title": "Eingeschleust", "body": "Text"}),
        ("get", one, None),
        ("delete", one, None),
        ("post", one + "posts/", {"body": "Eingeschleust"}),
        ("get", post_url, None),
        ("patch", post_url, {"body": "Eingeschleust"}),
        ("post", post_url + "hide/", None),
        ("delete", post_url + "hide/", None),
        ("post", one + "lock/", None),
        ("delete", one + "lock/", None),
        ("post", one + "pin/", None),
        ("get", one + "subscription/", None),
        ("put", one + "subscription/", None),
        ("delete", one + "subscription/", None),
    ]


def state():
    return (
        list(Thread.objects.values_list("pk", "title", "locked", "pinned").order_by("pk")),
        list(Post.objects.values_list("pk", "body", "hidden_at").order_by("pk")),
        list(Subscription.objects.values_list("pk", "active").order_by("pk")),
    )


@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_gets_404_on_every_view_and_writes_nothing(
    client, workspaces, people, discussion, kind
):
    workspace = workspaces[kind]
    thread, reply = discussion[kind]
    client.force_login(people["gast"])
    before = state()
    for url in view_urls(workspace, thread, reply):
        assert client.get(url).status_code == 404, url
        response = client.post(url, {"action": "delete", "confirm": "1", "body": "x", "title": "x"})
        assert response.status_code == 404, url
        assert thread.title.encode() not in response.content
    assert state() == before


@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_gets_404_on_every_api_route_and_writes_nothing(
    client, workspaces, people, discussion, kind
):
    workspace = workspaces[kind]
    thread, reply = discussion[kind]
    client.force_login(people["gast"])
    before = state()
    for method, url, payload in api_calls(workspace, thread, reply):
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == 404, (method, url)
        # The same answer as for a workspace that does not exist.
        assert response.json() == {"message": "Nicht gefunden."}
    assert state() == before
    missing = client.get("/api/v2/workspaces/999999/threads/")
    assert missing.status_code == 404 and missing.json() == {"message": "Nicht gefunden."}


def test_threads_are_bound_to_their_workspace(client, workspaces, people, discussion):
    """A thread id of a secret workspace asked through a public one is unknown."""
    public = workspaces[Workspace.Kind.PUBLIC]
    secret_thread, secret_reply = discussion[Workspace.Kind.SECRET]
    client.force_login(people["gast"])
    for method, url, payload in api_calls(public, secret_thread, secret_reply)[2:]:
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == 404, (method, url)
    for url in view_urls(public, secret_thread, secret_reply)[2:]:
        assert client.post(url, {"action": "subscribe"}).status_code == 404, url
    listed = client.get(f"/api/v2/workspaces/{public.pk}/threads/").json()
    assert listed["meta"]["total_count"] == 1
    assert "Thema secret" not in str(listed)


@pytest.mark.parametrize("kind", RESTRICTED)
def test_mentioning_an_outsider_notifies_nobody_outside(workspaces, people, discussion, kind):
    thread, _reply = discussion[kind]
    post = services.reply(thread, people["member"], "@gast und @owner, bitte ansehen.")
    assert list(post.mentions.all()) == [people["owner"]]
    assert not Notification.objects.filter(recipient=people["gast"]).exists()
    mention = Notification.objects.get(recipient=people["owner"], kind=Kind.MENTION)
    assert thread.title in mention.title
    assert mention.page_id == thread.workspace.page_id
    # Not linked: the outsider's name stays plain text.
    from workspaces.discussions.formatting import render

    html = render(post.body, post.mentions.all())
    assert 'class="mention"' in html and "@gast" in html
    assert html.count('class="mention"') == 1


def test_mention_in_a_public_workspace_reaches_everyone(workspaces, people, discussion):
    thread, _reply = discussion[Workspace.Kind.PUBLIC]
    services.reply(thread, people["member"], "Frage an @gast: kommen Sie?")
    notification = Notification.objects.get(recipient=people["gast"])
    assert notification.kind == Kind.MENTION


@pytest.mark.parametrize("kind", RESTRICTED)
def test_people_who_left_hear_and_see_nothing_more(workspaces, people, discussion, kind):
    workspace = workspaces[kind]
    thread, _reply = discussion[kind]
    services.set_subscribed(thread, people["reader"], True)
    services.reply(thread, people["member"], "Erste Runde")
    member_notes = Notification.objects.filter(recipient=people["reader"], kind=Kind.REPLY)
    assert member_notes.count() == 1
    assert len(visible_notifications(fresh(people["reader"]))) == 1

    workspace_services.remove_member(workspace, people["reader"])
    services.reply(thread, people["member"], "Zweite Runde, @reader?")
    # No new notification of either kind, and the old one's title is hidden now.
    assert Notification.objects.filter(recipient=people["reader"]).count() == 1
    assert list(visible_notifications(fresh(people["reader"]))) == []
