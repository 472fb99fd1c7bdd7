"""The discussions API: members write, readers read, authors edit with a
history, owners moderate, archived workspaces are read-only, and bad input
gets a clear message with nothing written."""

import pytest

from workspaces import services as workspace_services
from workspaces.discussions import services
from workspaces.discussions.models import BODY_MAX, Post, PostRevision, Subscription, Thread
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db

PRIVATE = Workspace.Kind.PRIVATE


def base(workspace):
    return f"/api/v2/workspaces/{workspace.pk}/threads/"


@pytest.fixture
def private(workspaces):
    return workspaces[PRIVATE]


@pytest.fixture
def thread(private, people):
    return services.start_thread(private, people["owner"], "Zeitplan Pilot", "Wann starten wir?")


def as_user(client, user):
    client.force_login(user)
    return client


def counts():
    return (Thread.objects.count(), Post.objects.count(), PostRevision.objects.count())


def test_member_starts_a_thread_and_replies(client, private, people):
    as_user(client, people["member"])
    response = client.post(
        base(private),
        {"title": "  Schulung  Termine ", "body": "Wer **kommt** mit?"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "Schulung Termine"
    assert data["subscribed"] is True
    assert data["posts"][0]["html"] == "<p>Wer <strong>kommt</strong> mit?</p>"
    assert data["permissions"] == {"reply": True, "moderate": False}
    thread_id = data["id"]

    reply = client.post(
        f"{base(private)}{thread_id}/posts/", {"body": "Ich!"}, content_type="application/json"
    )
    assert reply.status_code == 201
    assert reply.json()["author"]["username"] == "member"

    listing = client.get(base(private)).json()
    assert listing["meta"]["total_count"] == 1
    assert listing["items"][0]["id"] == thread_id
    assert listing["items"][0]["reply_count"] == 1
    detail = client.get(f"{base(private)}{thread_id}/").json()
    assert [p["body"] for p in detail["posts"]] == ["Wer **kommt** mit?", "Ich!"]
    assert detail["last_activity_at"] >= detail["created_at"]


def test_listing_pins_first_and_paginates(client, private, people, thread):
    other = services.start_thread(private, people["member"], "Neuer", "Text")
    services.set_pinned(thread, people["owner"], True)
    as_user(client, people["reader"])
    items = client.get(base(private)).json()["items"]
    assert [i["id"] for i in items] == [thread.pk, other.pk]
    page = client.get(base(private) + "?limit=1&offset=1").json()
    assert page["meta"]["total_count"] == 2
    assert [i["id"] for i in page["items"]] == [other.pk]


@pytest.mark.parametrize("query", ["limit=abc", "limit=0", "limit=101", "offset=-1", "x=1"])
def test_bad_listing_parameters_answer_400(client, private, people, query):
    as_user(client, people["member"])
    response = client.get(f"{base(private)}?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    ("payload", "field", "text"),
    [
        ({"title": "", "body": "Text"}, "title", "Titel ein"),
        ({"title": "   ", "body": "Text"}, "title", "Titel ein"),
        ({"title": "Titel", "body": "  \n "}, "body", "Text"),
        ({"title": "Titel"}, "body", "Text"),
        ({"title": "x" * 201, "body": "Text"}, "title", "höchstens 200 Zeichen"),
        ({"title": "Titel", "body": "x" * (BODY_MAX + 1)}, "body", "höchstens 10.000 Zeichen"),
        ({"title": 5, "body": ["a"]}, "title", "Titel ein"),
    ],
)
def test_bad_thread_input_says_what_is_wrong_and_writes_nothing(
    client, private, people, payload, field, text
):
    as_user(client, people["member"])
    before = counts()
    response = client.post(base(private), payload, content_type="application/json")
    assert response.status_code == 400
    data = response.json()
    assert text in data["message"]
    assert field in data["errors"]
    assert counts() == before


@pytest.mark.parametrize("body", ["", "   ", "x" * (BODY_MAX + 1), None])
def test_bad_reply_writes_nothing(client, private, people, thread, body):
    as_user(client, people["member"])
    before = counts()
    activity = thread.last_activity_at
    response = client.post(
        f"{base(private)}{thread.pk}/posts/", {"body": body}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith(("Bitte", "Der Text ist zu lang"))
    assert counts() == before
    assert Thread.objects.get(pk=thread.pk).last_activity_at == activity


def test_non_object_json_answers_400(client, private, people, thread):
    as_user(client, people["member"])
    response = client.post(base(private), ["Titel", "Text"], content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Die Anfrage muss ein JSON-Objekt sein."
    broken = client.post(base(private), "{nope", content_type="application/json")
    assert broken.status_code == 400


def test_reader_reads_but_cannot_write(client, private, people, thread):
    as_user(client, people["reader"])
    assert client.get(f"{base(private)}{thread.pk}/").status_code == 200
    before = counts()
    start = client.post(base(private), {"title": "T", "body": "B"}, content_type="application/json")
    assert start.status_code == 403
    assert "Mitglieder" in start.json()["message"]
    reply = client.post(
        f"{base(private)}{thread.pk}/posts/", {"body": "B"}, content_type="application/json"
    )
    assert reply.status_code == 403
    assert counts() == before
    # Following is reading, not writing.
    assert client.put(f"{base(private)}{thread.pk}/subscription/").json() == {"subscribed": True}


def test_author_edits_and_the_history_is_kept(client, private, people, thread):
    post = thread.posts.get()
    url = f"{base(private)}{thread.pk}/posts/{post.pk}/"
    as_user(client, people["owner"])
    response = client.patch(
        url, {"body": "Wann starten wir genau?"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["edited_at"]
    client.patch(url, {"body": "Dritte Fassung"}, content_type="application/json")
    data = client.get(url).json()
    assert data["body"] == "Dritte Fassung"
    assert [r["body"] for r in data["revisions"]] == [
        "Wann starten wir?",
        "Wann starten wir genau?",
    ]
    assert data["revisions"][0]["edited_by"]["username"] == "owner"
    assert data["revision_count"] == 2

    # Nobody else edits it, not even another owner-level member; bad input changes nothing.
    as_user(client, people["member"])
    refused = client.patch(url, {"body": "Übernommen"}, content_type="application/json")
    assert refused.status_code == 403
    as_user(client, people["owner"])
    assert client.patch(url, {"body": ""}, content_type="application/json").status_code == 400
    post.refresh_from_db()
    assert post.body == "Dritte Fassung"
    assert post.revisions.count() == 2


def test_owner_hides_a_post_readers_see_only_that_it_was_hidden(client, private, people, thread):
    reply = services.reply(thread, people["member"], "Unsachlicher Beitrag")
    url = f"{base(private)}{thread.pk}/posts/{reply.pk}/"
    as_user(client, people["member"])
    assert client.post(url + "hide/").status_code == 403
    as_user(client, people["owner"])
    assert client.post(url + "hide/").json()["hidden"] is True
    assert client.get(url).json()["body"] == "Unsachlicher Beitrag"
    as_user(client, people["reader"])
    post = client.get(f"{base(private)}{thread.pk}/").json()["posts"][1]
    assert post["hidden"] is True
    assert post["body"] is None and post["html"] is None
    assert client.get(url).json()["revisions"] == []
    listed = client.get(base(private)).json()["items"][0]
    assert listed["reply_count"] == 0
    # The author cannot edit a hidden post.
    as_user(client, people["member"])
    assert client.patch(url, {"body": "Neu"}, content_type="application/json").status_code == 403
    as_user(client, people["owner"])
    assert client.delete(url + "hide/").json()["hidden"] is False


def test_locked_thread_takes_no_replies_until_opened(client, private, people, thread):
    url = f"{base(private)}{thread.pk}/"
    as_user(client, people["member"])
    assert client.post(url + "lock/").status_code == 403
    as_user(client, people["owner"])
    assert client.post(url + "lock/").json()["locked"] is True
    as_user(client, people["member"])
    refused = client.post(url + "posts/", {"body": "Noch was"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["message"] == "Diese Diskussion ist geschlossen."
    as_user(client, people["owner"])
    assert client.delete(url + "lock/").json()["locked"] is False
    as_user(client, people["member"])
    assert (
        client.post(
            url + "posts/", {"body": "Noch was"}, content_type="application/json"
        ).status_code
        == 201
    )


def test_only_owners_delete_threads(client, private, people, thread):
    url = f"{base(private)}{thread.pk}/"
    as_user(client, people["member"])
    assert client.delete(url).status_code == 403
    as_user(client, people["owner"])
    assert client.delete(url).status_code == 204
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not Post.objects.filter(thread_id=thread.pk).exists()
    assert client.get(url).status_code == 404


def test_archived_workspace_is_read_only(client, private, people, thread):
    workspace_services.set_status(private, Workspace.Status.ARCHIVED)
    url = f"{base(private)}{thread.pk}/"
    before = counts()
    for who in ("owner", "member"):
        as_user(client, people[who])
        assert client.get(url).status_code == 200
        refused = client.post(url + "posts/", {"body": "Text"}, content_type="application/json")
        assert refused.status_code == 403
        assert "archiviert" in refused.json()["message"]
        assert (
            client.post(base(private), {"title": "T", "body": "B"}, content_type="application/json")
        ).status_code == 403
    as_user(client, people["owner"])
    assert client.post(url + "lock/").status_code == 403
    assert client.delete(url).status_code == 403
    assert counts() == before


def test_unsubscribing_sticks_when_replying(client, private, people, thread):
    url = f"{base(private)}{thread.pk}/subscription/"
    as_user(client, people["member"])
    assert client.get(url).json() == {"subscribed": False}
    client.post(
        f"{base(private)}{thread.pk}/posts/", {"body": "Erste"}, content_type="application/json"
    )
    assert client.get(url).json() == {"subscribed": True}  # replying follows the thread
    assert client.delete(url).json() == {"subscribed": False}
    client.post(
        f"{base(private)}{thread.pk}/posts/", {"body": "Zweite"}, content_type="application/json"
    )
    assert client.get(url).json() == {"subscribed": False}
    assert Subscription.objects.filter(thread=thread, user=people["member"]).count() == 1


def test_public_workspace_is_readable_by_all_but_written_by_members(client, workspaces, people):
    public = workspaces[Workspace.Kind.PUBLIC]
    thread = services.start_thread(public, people["member"], "Rückenschule", "Wer macht mit?")
    as_user(client, people["gast"])
    assert client.get(f"{base(public)}{thread.pk}/").status_code == 200
    refused = client.post(
        f"{base(public)}{thread.pk}/posts/", {"body": "Ich"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_token_clients_use_the_api(client, private, people, thread):
    response = client.post(
        "/api/v2/auth/token/",
        {"username": "member", "password": "pw"},
        content_type="application/json",
    )
    token = response.json()["token"]
    detail = client.get(f"{base(private)}{thread.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert detail.status_code == 200
    assert detail.json()["title"] == "Zeitplan Pilot"
    assert client.get(base(private)).status_code == 401
