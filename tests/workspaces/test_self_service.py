"""Owner self-service without admin rights: invite, accept and decline join
requests, change roles, remove members; non-owners get 403 (members) or 404
(outsiders); uploads are checked for type and size and write nothing when
refused."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.models import IntranetDocument
from workspaces.models import JoinRequest, Workspace, WorkspaceIndexPage

pytestmark = pytest.mark.django_db


def route(workspace, name):
    return workspace.page.url + workspace.page.reverse_subpage(name)


def test_owner_invites_changes_role_and_removes(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["owner"])
    url = route(workspace, "members")
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "invite", "username": "gast", "role": "reader"})
    assert response.status_code == 302
    assert workspace.role_of(people["gast"]) == "reader"
    client.post(url, {"action": "role", "user_id": people["gast"].pk, "role": "member"})
    assert workspace.role_of(people["gast"]) == "member"
    client.post(url, {"action": "remove", "user_id": people["gast"].pk})
    assert workspace.role_of(people["gast"]) is None
    response = client.post(url, {"action": "invite", "username": "niemand", "role": "member"})
    assert "Eine Person mit diesem Benutzernamen gibt es nicht." in response.content.decode()


def test_join_request_accept_and_decline(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    index = WorkspaceIndexPage.objects.get()
    client.force_login(people["gast"])
    join_url = index.url + index.reverse_subpage("join", args=[workspace.pk])
    assert client.post(join_url, {"message": "Ich arbeite mit."}).status_code == 302
    client.post(join_url, {"message": "Noch einmal"})  # asking twice changes nothing
    request = JoinRequest.objects.get(workspace=workspace)
    assert "Anfrage gestellt" in client.get(index.url).content.decode()
    assert client.get(workspace.page.url).status_code == 404

    client.force_login(people["owner"])
    client.post(route(workspace, "members"), {"action": "accept", "request_id": request.pk})
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.ACCEPTED
    client.force_login(people["gast"])
    assert client.get(workspace.page.url).status_code == 200

    other = workspaces[Workspace.Kind.PUBLIC]
    client.post(index.url + index.reverse_subpage("join", args=[other.pk]))
    declined = JoinRequest.objects.get(workspace=other)
    client.force_login(people["owner"])
    client.post(route(other, "members"), {"action": "decline", "request_id": declined.pk})
    declined.refresh_from_db()
    assert declined.status == JoinRequest.Status.DECLINED
    assert other.role_of(people["gast"]) is None


@pytest.mark.parametrize("who", ["member", "reader"])
def test_non_owners_get_403(client, workspaces, people, who):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people[who])
    url = route(workspace, "members")
    assert client.get(url).status_code == 403
    invite = {"action": "invite", "username": "gast", "role": "owner"}
    assert client.post(url, invite).status_code == 403
    assert client.post(route(workspace, "lifecycle"), {"action": "archive"}).status_code == 403
    assert workspace.role_of(people["gast"]) is None
    workspace.refresh_from_db()
    assert workspace.status == Workspace.Status.ACTIVE


def test_outsider_on_public_workspace_gets_403(client, workspaces, people):
    client.force_login(people["gast"])
    assert client.get(route(workspaces[Workspace.Kind.PUBLIC], "members")).status_code == 403


def test_member_uploads_a_pdf(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.SECRET]
    client.force_login(people["member"])
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 Plan", content_type="application/pdf")
    response = client.post(route(workspace, "upload"), {"title": "Plan", "file": upload})
    assert response.status_code == 302
    document = IntranetDocument.objects.get(title="Plan")
    assert document.collection_id == workspace.collection_id


def test_reader_cannot_upload(client, workspaces, people):
    client.force_login(people["reader"])
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 Plan")
    url = route(workspaces[Workspace.Kind.PRIVATE], "upload")
    assert client.post(url, {"file": upload}).status_code == 403


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("setup.exe", b"MZ\x90\x00", "Dateien vom Typ „exe“ werden nicht angenommen."),
        ("tarnung.pdf", b"MZ\x90\x00", "Der Inhalt der Datei passt nicht zur Endung „pdf“."),
        ("gross.pdf", b"%PDF-1.4 " + b"x" * 2048, "erlaubt sind höchstens 1,0"),
    ],
)
def test_refused_uploads_write_nothing(client, workspaces, people, settings, name, data, message):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["member"])
    before = IntranetDocument.objects.count()
    media = settings.MEDIA_ROOT
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    upload = SimpleUploadedFile(name, data)
    response = client.post(route(workspace, "upload"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert IntranetDocument.objects.count() == before
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before
