"""Bad input on the workspace tools' API answers a German 400 as JSON and
writes nothing: huge numbers, capped text filters, unpaired surrogates and
null bytes in posts, threads and comments, event years out of range."""

import json

import pytest
from wagtail.documents import get_document_model

from tests.api.helpers import assert_json_error
from workspaces.calendar.models import Event
from workspaces.discussions import services as discussions
from workspaces.discussions.models import Post, Thread
from workspaces.documents.models import DocumentComment
from workspaces.glossary.models import Term
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def private(workspaces):
    return workspaces[Workspace.Kind.PRIVATE]


@pytest.fixture
def member(client, people):
    client.force_login(people["member"])
    return client


@pytest.mark.parametrize("tool", ["events", "documents", "threads"])
def test_huge_offset_on_tool_lists_is_a_400(member, private, tool):
    response = member.get(f"/api/v2/workspaces/{private.pk}/{tool}/", {"offset": HUGE})
    assert_json_error(response, 400)


def test_glossary_related_id_out_of_range_is_a_400(member, private):
    body = '{"term": "Haushalt", "definition": "Geld.", "related": [' + HUGE + "]}"
    response = member.post(
        f"/api/v2/workspaces/{private.pk}/glossary/", body, content_type="application/json"
    )
    assert_json_error(response, 400)
    assert not Term.objects.exists()


def test_glossary_query_is_capped(member, private):
    response = member.get(f"/api/v2/workspaces/{private.pk}/glossary/", {"q": "%_" * 25_000})
    assert "höchstens" in assert_json_error(response, 400)["message"]


def test_nesting_inside_strings_does_not_count(member, private):
    body = json.dumps({"title": "[" * 200, "body": "{" * 200})
    response = member.post(
        f"/api/v2/workspaces/{private.pk}/threads/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("text", ["\\ud800", "a\\udfffb", "\\u0000", "ab\\u0000c"])
@pytest.mark.parametrize("field", ["title", "body"])
def test_thread_with_a_lone_surrogate_or_null_byte_is_a_400(member, private, text, field):
    values = {"title": "Titel", "body": "Text"}
    values[field] = "PLACEHOLDER"
    body = json.dumps(values).replace("PLACEHOLDER", text)
    response = member.post(
        f"/api/v2/workspaces/{private.pk}/threads/", body, content_type="application/json"
    )
    assert "Zeichen" in assert_json_error(response, 400)["message"]
    assert not Thread.objects.exists()


def test_reply_with_a_lone_surrogate_is_a_400(member, private, people):
    thread = discussions.start_thread(private, people["owner"], "Zeitplan", "Wann?")
    posts = Post.objects.count()
    response = member.post(
        f"/api/v2/workspaces/{private.pk}/threads/{thread.pk}/posts/",
        '{"body": "x\\ud800"}',
        content_type="application/json",
    )
    assert_json_error(response, 400)
    assert Post.objects.count() == posts


@pytest.mark.parametrize("text", ["a\\u0000b", "\\udc00"])
def test_comment_with_a_null_byte_or_surrogate_is_a_400(member, private, text):
    document = get_document_model().objects.get(collection=private.collection)
    response = member.post(
        f"/api/v2/workspaces/{private.pk}/documents/{document.pk}/comments/",
        '{"text": "' + text + '"}',
        content_type="application/json",
    )
    assert_json_error(response, 400)
    assert not DocumentComment.objects.exists()


@pytest.mark.parametrize("start", ["0103-05-01T10:00:00+01:00", "1899-12-31T10:00:00+01:00"])
def test_event_years_out_of_range_are_a_400(member, private, start):
    body = {"title": "Altertum", "start": start, "end": "2026-05-01T11:00:00+02:00"}
    response = member.post(
        f"/api/v2/workspaces/{private.pk}/events/", body, content_type="application/json"
    )
    data = assert_json_error(response, 400)
    assert "1900" in data["message"]
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["title", "body"])
def test_site_form_with_a_null_byte_refuses_like_the_api(member, private, field):
    """The rendered discussion form refuses a null byte too (Django's form
    fields do), with its message and nothing written."""
    data = {"title": "Titel", "body": "Text"}
    data[field] = "a\x00b"
    response = member.post(tool_url(private.page, "diskussionen", "new"), data)
    assert response.status_code == 400
    assert "Nullzeichen" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "", "99999999999999999999", "١"])
@pytest.mark.parametrize(("action", "name"), [("remove", "user_id"), ("decline", "request_id")])
def test_members_page_with_a_bad_posted_id_is_a_404(client, private, people, action, name, value):
    client.force_login(people["owner"])
    url = private.page.url + private.page.reverse_subpage("members")
    response = client.post(url, {"action": action, name: value})
    assert response.status_code == 404
