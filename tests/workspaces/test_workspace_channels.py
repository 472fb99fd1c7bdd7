"""Leak tests: an outsider (``gast``) reads nothing of a private or secret
workspace on any channel, and a secret workspace appears in no list or
count; members read their workspaces; public workspaces are open to all."""

import pytest

from cms.models import IntranetDocument
from workspaces.models import Workspace, WorkspaceIndexPage

pytestmark = pytest.mark.django_db

RESTRICTED = (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET)


def api_ids(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def workspace_page_ids(workspace):
    return {workspace.page_id} | set(workspace.page.get_descendants().values_list("pk", flat=True))


@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_reads_nothing(client, workspaces, people, kind):
    workspace = workspaces[kind]
    client.force_login(people["gast"])
    listed = api_ids(client, "/api/v2/pages/?limit=100")
    assert not listed & workspace_page_ids(workspace)
    for page in [workspace.page, *workspace.page.get_descendants()]:
        assert client.get(page.url).status_code == 404
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    document = IntranetDocument.objects.get(collection=workspace.collection)
    assert client.get(document.url).status_code == 404
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    assert document.pk not in api_ids(client, "/api/v2/documents/?limit=100")
    # The self-service routes are behind the same restriction.
    for route in ("members", "upload", "lifecycle"):
        url = workspace.page.url + workspace.page.reverse_subpage(route)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "archive"}).status_code == 404


@pytest.mark.parametrize("who", ["owner", "member", "reader"])
@pytest.mark.parametrize("kind", Workspace.Kind.values)
def test_members_read(client, workspaces, people, kind, who):
    workspace = workspaces[kind]
    client.force_login(people[who])
    assert workspace_page_ids(workspace) <= api_ids(client, "/api/v2/pages/?limit=100")
    assert client.get(workspace.page.url).status_code == 200
    document = IntranetDocument.objects.get(collection=workspace.collection)
    assert client.get(document.url).status_code == 200
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 200


def test_public_workspace_is_open_to_everyone(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    client.force_login(people["gast"])
    assert client.get(workspace.page.url).status_code == 200
    assert workspace_page_ids(workspace) <= api_ids(client, "/api/v2/pages/?limit=100")
    document = IntranetDocument.objects.get(collection=workspace.collection)
    assert client.get(document.url).status_code == 200
    # Reading is not editing: no upload form, no upload.
    body = client.get(workspace.page.url).content.decode()
    assert 'enctype="multipart/form-data"' not in body


def test_index_lists_private_by_title_and_never_secret(client, workspaces, people):
    index = WorkspaceIndexPage.objects.get()
    client.force_login(people["gast"])
    body = client.get(index.url).content.decode()
    assert "Gesundheit" in body  # public: readable, listed with a link
    assert "Digitale Akte" in body and "Beitritt anfragen" in body  # private: title only
    assert workspaces[Workspace.Kind.PRIVATE].page.url not in body
    assert "Haushalt 2027" not in body  # secret: nowhere
    assert "haushalt-2027" not in body
    # Nor in the API listing, its count, or a search.
    response = client.get("/api/v2/pages/?limit=100").json()
    secret_ids = workspace_page_ids(workspaces[Workspace.Kind.SECRET])
    assert not {item["id"] for item in response["items"]} & secret_ids
    visible_count = response["meta"]["total_count"]
    client.force_login(people["member"])
    member_count = client.get("/api/v2/pages/?limit=100").json()["meta"]["total_count"]
    hidden = workspace_page_ids(workspaces[Workspace.Kind.SECRET]) | workspace_page_ids(
        workspaces[Workspace.Kind.PRIVATE]
    )
    assert member_count - visible_count == len(hidden)


def test_member_sees_own_workspaces_listed(client, workspaces, people):
    index = WorkspaceIndexPage.objects.get()
    client.force_login(people["member"])
    body = client.get(index.url).content.decode()
    for workspace in workspaces.values():
        assert workspace.page.url in body
    assert "Beitritt anfragen" not in body


def test_outsider_cannot_ask_to_join_a_secret_workspace(client, workspaces, people):
    index = WorkspaceIndexPage.objects.get()
    client.force_login(people["gast"])
    secret = workspaces[Workspace.Kind.SECRET]
    url = index.url + index.reverse_subpage("join", args=[secret.pk])
    unknown = index.url + index.reverse_subpage("join", args=[987654])
    assert client.post(url).status_code == client.post(unknown).status_code == 404
    assert not secret.join_requests.exists()
