"""The rendered discussions below ``<workspace-url>diskussionen/``: the thread
list, starting a thread, replying, editing with history, following, and
moderation by owners; refused input re-renders with the message."""

import re

import pytest

from workspaces import services as workspace_services
from workspaces.discussions import services
from workspaces.discussions.models import BODY_MAX, Post, Thread
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(workspaces):
    return workspaces[Workspace.Kind.PRIVATE]


@pytest.fixture
def thread(private, people):
    thread = services.start_thread(
        private, people["owner"], "Zeitplan <Pilot>", "Start im **Mai**? <script>x()</script>"
    )
    services.reply(thread, people["member"], "Einverstanden.")
    return thread


def url(workspace, name="index", **kwargs):
    return tool_url(workspace.page, "diskussionen", name, **kwargs)


def text(response):
    return response.content.decode()


def test_list_shows_threads_with_reply_counts(client, private, people, thread):
    services.start_thread(private, people["member"], "Zweites Thema", "Text")
    client.force_login(people["reader"])
    response = client.get(url(private))
    assert response.status_code == 200
    body = text(response)
    assert "Zeitplan &lt;Pilot&gt;" in body
    assert "1 Antwort" in body and "0 Antworten" in body
    assert body.index("Zweites Thema") < body.index("Zeitplan")  # latest activity first
    assert "Neue Diskussion beginnen" not in body  # readers do not write
    assert 'aria-current="true"' in body  # the tab of the tool


def test_member_starts_a_thread(client, private, people):
    client.force_login(people["member"])
    assert client.get(url(private, "new")).status_code == 200
    response = client.post(url(private, "new"), {"title": "Schulung", "body": "Wer kommt?"})
    thread = Thread.objects.get(title="Schulung")
    assert response.status_code == 302
    assert response["Location"] == url(private, "thread", thread_id=thread.pk)
    page = text(client.get(response["Location"]))
    assert "Die Diskussion ist eröffnet." in page
    assert "Sie folgen dieser Diskussion." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": ""}, "Bitte geben Sie einen Titel ein."),
        ({"title": "Titel", "body": "   "}, "Bitte schreiben Sie einen Text."),
        ({"title": "Titel", "body": "x" * (BODY_MAX + 1)}, "Der Text ist zu lang"),
    ],
)
def test_refused_thread_re_renders_with_the_message(client, private, people, data, message):
    client.force_login(people["member"])
    response = client.post(url(private, "new"), data)
    assert response.status_code == 400
    body = text(response)
    assert 'role="alert"' in body and message in body
    assert Thread.objects.count() == 0 and Post.objects.count() == 0


def test_thread_page_renders_safely_and_takes_replies(client, private, people, thread):
    client.force_login(people["member"])
    page = url(private, "thread", thread_id=thread.pk)
    body = text(client.get(page))
    assert "<script>x()</script>" not in body
    assert "&lt;script&gt;x()&lt;/script&gt;" in body
    assert "<strong>Mai</strong>" in body
    assert "Antwort veröffentlichen" in body

    refused = client.post(page, {"body": ""})
    assert refused.status_code == 400
    assert "Bitte schreiben Sie einen Text." in text(refused)
    assert thread.posts.count() == 2

    response = client.post(page, {"body": "Dann bis Mai."})
    post = thread.posts.latest("created_at")
    assert response["Location"] == f"{page}#beitrag-{post.pk}"
    assert post.body == "Dann bis Mai."


def test_readers_neither_reply_nor_edit_but_follow(client, private, people, thread):
    client.force_login(people["reader"])
    page = url(private, "thread", thread_id=thread.pk)
    body = text(client.get(page))
    assert "Antwort veröffentlichen" not in body and "Bearbeiten" not in body
    assert client.post(page, {"body": "Ich auch"}).status_code == 403
    assert client.get(url(private, "new")).status_code == 403
    assert thread.posts.count() == 2
    client.post(url(private, "subscription", thread_id=thread.pk), {"action": "subscribe"})
    assert services.is_subscribed(thread, people["reader"])
    client.post(url(private, "subscription", thread_id=thread.pk), {"action": "unsubscribe"})
    assert not services.is_subscribed(thread, people["reader"])


def test_author_edits_and_everyone_reads_the_history(client, private, people, thread):
    reply = thread.posts.get(author=people["member"])
    edit = url(private, "edit", thread_id=thread.pk, post_id=reply.pk)
    client.force_login(people["owner"])
    assert client.get(edit).status_code == 403  # not the author
    client.force_login(people["member"])
    form = text(client.get(edit))
    assert "Einverstanden." in form and "<label" in form
    refused = client.post(edit, {"body": " "})
    assert refused.status_code == 400 and 'role="alert"' in text(refused)
    client.post(edit, {"body": "Einverstanden, aber erst im Juni."})
    reply.refresh_from_db()
    assert reply.body == "Einverstanden, aber erst im Juni."

    client.force_login(people["reader"])
    thread_page = text(client.get(url(private, "thread", thread_id=thread.pk)))
    assert "bearbeitet (1 frühere Fassung)" in thread_page
    history = text(client.get(url(private, "history", thread_id=thread.pk, post_id=reply.pk)))
    assert "Einverstanden." in history and "erst im Juni" in history


def test_owner_moderates(client, private, people, thread):
    reply = thread.posts.get(author=people["member"])
    client.force_login(people["member"])
    moderate = url(private, "moderate_post", thread_id=thread.pk, post_id=reply.pk)
    assert client.post(moderate, {"action": "hide"}).status_code == 403
    lock = url(private, "moderate_thread", thread_id=thread.pk)
    assert client.post(lock, {"action": "lock"}).status_code == 403

    client.force_login(people["owner"])
    client.post(moderate, {"action": "hide"})
    client.post(lock, {"action": "lock"})
    thread.refresh_from_db()
    assert thread.locked

    client.force_login(people["reader"])
    body = text(client.get(url(private, "thread", thread_id=thread.pk)))
    assert "Einverstanden." not in body
    assert "von den Verantwortlichen ausgeblendet" in body
    assert "Diese Diskussion ist geschlossen" in body
    history = url(private, "history", thread_id=thread.pk, post_id=reply.pk)
    assert client.get(history).status_code == 404

    client.force_login(people["member"])
    page = url(private, "thread", thread_id=thread.pk)
    assert "Antwort veröffentlichen" not in text(client.get(page))

    # Deleting needs the confirmation box.
    client.force_login(people["owner"])
    client.post(lock, {"action": "delete"})
    assert Thread.objects.filter(pk=thread.pk).exists()
    response = client.post(lock, {"action": "delete", "confirm": "1"})
    assert response["Location"] == url(private)
    assert not Thread.objects.filter(pk=thread.pk).exists()


def test_archived_workspace_shows_no_forms(client, private, people, thread):
    workspace_services.set_status(private, Workspace.Status.ARCHIVED)
    client.force_login(people["owner"])
    body = text(client.get(url(private, "thread", thread_id=thread.pk)))
    assert "archiviert" in body
    assert not re.search(r"Antwort veröffentlichen|Moderation|Bearbeiten", body)
    page = url(private, "thread", thread_id=thread.pk)
    assert client.post(page, {"body": "x"}).status_code == 403
    assert client.get(url(private, "new")).status_code == 403


def test_workspace_page_links_to_discussions(client, private, people):
    client.force_login(people["member"])
    assert url(private) in text(client.get(private.page.url))
