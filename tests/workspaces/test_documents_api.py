"""The documents tool through the API: list and upload, detail with
versions, new versions, restore, check-out and check-in, comments, version
downloads; readers get 403 on writes, refused input 400 with a German
message and nothing written, a check-out by someone else 409 with who and
since when."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.models import IntranetDocument
from workspaces import services as workspace_services
from workspaces.documents import services
from workspaces.documents.models import CheckOut, DocumentComment, DocumentVersion
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf", text=b"Plan"):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + text, content_type="application/pdf")


@pytest.fixture
def private(workspaces):
    return workspaces[Workspace.Kind.PRIVATE]


@pytest.fixture
def document(private, people):
    return services.add_document(private, people["owner"], pdf("konzept.pdf", b"eins"), "Konzept")


def base(workspace):
    return f"/api/v2/workspaces/{workspace.pk}/documents/"


def test_list_and_upload(client, private, people, document):
    client.force_login(people["member"])
    response = client.get(base(private))
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2
    assert {item["title"] for item in data["items"]} == {"Konzept", "Datei Digitale Akte"}
    konzept = next(item for item in data["items"] if item["id"] == document.pk)
    assert konzept["version"] == 1 and konzept["checked_out"] is None
    assert konzept["html_url"].endswith(f"/dokumente/{document.pk}/")
    response = client.post(base(private), {"file": pdf("zeitplan.pdf"), "title": "Zeitplan"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["title"] == "Zeitplan" and created["version"] == 1
    assert created["versions"][0]["uploaded_by"]["id"] == people["member"].pk
    assert IntranetDocument.objects.get(pk=created["id"]).collection_id == private.collection_id
    paged = client.get(base(private) + "?limit=1&offset=1").json()
    assert paged["meta"]["total_count"] == 3 and len(paged["items"]) == 1
    assert client.get(base(private) + "?limit=abc").status_code == 400
    response = client.get(base(private) + "?limit=500")
    assert response.status_code == 400
    assert response.json()["message"] == "„limit“ darf höchstens 100 sein."


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("setup.exe", b"MZ\x90\x00", "Dateien vom Typ „exe“ werden nicht angenommen."),
        ("tarnung.pdf", b"MZ\x90\x00", "Der Inhalt der Datei passt nicht zur Endung „pdf“."),
        ("gross.pdf", b"%PDF-1.4 " + b"x" * 2048, "erlaubt sind höchstens 1,0"),
        ("leer.pdf", b"", "Die übermittelte Datei ist leer."),
    ],
)
def test_refused_files_answer_400_and_write_nothing(
    client, private, people, document, settings, name, data, message
):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client.force_login(people["member"])
    before = (IntranetDocument.objects.count(), DocumentVersion.objects.count())
    files = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    for target in (base(private), f"{base(private)}{document.pk}/versions/"):
        response = client.post(target, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 400
        assert message in response.json()["message"]
        assert "file" in response.json()["errors"]
    assert (IntranetDocument.objects.count(), DocumentVersion.objects.count()) == before
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files


def test_missing_file_and_long_note_are_refused(client, private, people, document):
    client.force_login(people["member"])
    response = client.post(base(private), {"title": "Ohne Datei"})
    assert response.status_code == 400 and response.json()["message"]
    response = client.post(
        f"{base(private)}{document.pk}/versions/", {"file": pdf(), "note": "x" * 501}
    )
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    assert services.current_number(document) == 1


def test_versions_restore_and_download(client, private, people, document):
    client.force_login(people["member"])
    detail = f"{base(private)}{document.pk}/"
    response = client.post(detail + "versions/", {"file": pdf("v2.pdf", b"zwei"), "note": "neu"})
    assert response.status_code == 201
    data = response.json()
    assert data["version"] == 2
    assert [(v["number"], v["current"]) for v in data["versions"]] == [(2, True), (1, False)]
    old = client.get(data["versions"][1]["download_url"])
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == b"%PDF-1.4 eins"
    response = client.post(detail + "versions/1/restore/")
    assert response.status_code == 201
    data = response.json()
    assert data["version"] == 3 and data["versions"][0]["restored_from"] == 1
    current = client.get(data["versions"][0]["download_url"])
    assert b"".join(current.streaming_content) == b"%PDF-1.4 eins"
    assert client.post(detail + "versions/3/restore/").status_code == 400
    assert client.post(detail + "versions/7/restore/").status_code == 404
    assert client.get(detail + "versions/7/file/").status_code == 404


def test_checkout_conflict_and_checkin(client, private, people, document):
    other = type(people["member"]).objects.create(username="zweite", first_name="Zora")
    workspace_services.set_member(private, other, "member")
    checkout = f"{base(private)}{document.pk}/checkout/"
    client.force_login(people["member"])
    response = client.post(checkout)
    assert response.status_code == 201
    assert response.json()["checked_out"]["user"]["id"] == people["member"].pk
    assert client.post(checkout).status_code == 200  # again: nothing changes
    client.force_login(other)
    response = client.post(checkout)
    assert response.status_code == 409
    body = response.json()
    name = services.display_name(people["member"])
    assert body["message"].startswith(f"Ausgecheckt von {name} seit")
    assert body["checked_out"]["user"]["id"] == people["member"].pk
    detail = client.get(f"{base(private)}{document.pk}/").json()
    assert detail["checked_out"]["user"]["id"] == people["member"].pk
    response = client.post(f"{base(private)}{document.pk}/versions/", {"file": pdf()})
    assert response.status_code == 409
    assert client.delete(checkout).status_code == 409
    assert services.current_number(document) == 1
    # The holder's new version checks in by default.
    client.force_login(people["member"])
    response = client.post(f"{base(private)}{document.pk}/versions/", {"file": pdf()})
    assert response.status_code == 201
    assert response.json()["checked_out"] is None
    assert client.delete(checkout).status_code == 400
    # The owner may release someone else's check-out.
    services.check_out(private, other, document)
    client.force_login(people["owner"])
    assert client.delete(checkout).status_code == 204
    assert not CheckOut.objects.exists()


def test_holder_can_keep_the_checkout(client, private, people, document):
    client.force_login(people["member"])
    client.post(f"{base(private)}{document.pk}/checkout/")
    response = client.post(
        f"{base(private)}{document.pk}/versions/", {"file": pdf(), "check_in": "false"}
    )
    assert response.status_code == 201
    assert response.json()["checked_out"]["user"]["id"] == people["member"].pk
    # Nobody else restores over the holder's work.
    other = type(people["member"]).objects.create(username="zweite")
    workspace_services.set_member(private, other, "member")
    client.force_login(other)
    response = client.post(f"{base(private)}{document.pk}/versions/1/restore/")
    assert response.status_code == 409
    assert services.current_number(document) == 2


def test_comments(client, private, people, document):
    comments = f"{base(private)}{document.pk}/comments/"
    client.force_login(people["member"])
    response = client.post(comments, {"text": "Passt so."}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["author"]["id"] == people["member"].pk
    response = client.post(comments, {"text": ""}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Bitte schreiben Sie einen Kommentar."
    client.force_login(people["reader"])
    assert [c["text"] for c in client.get(comments).json()["items"]] == ["Passt so."]
    response = client.post(comments, {"text": "Ich auch"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["message"].startswith("Nur Verantwortliche und Mitglieder")
    assert DocumentComment.objects.count() == 1


def test_readers_and_archived_workspaces_get_403(client, private, people, document):
    detail = f"{base(private)}{document.pk}/"
    writes = [
        (base(private), {"file": pdf()}),
        (detail + "versions/", {"file": pdf()}),
        (detail + "versions/1/restore/", {}),
        (detail + "checkout/", {}),
        (detail + "comments/", {"text": "Hallo"}),
    ]
    client.force_login(people["reader"])
    for target, data in writes:
        assert client.post(target, data).status_code == 403, target
    workspace_services.set_status(private, Workspace.Status.ARCHIVED)
    client.force_login(people["owner"])
    for target, data in writes:
        data = {key: pdf() if key == "file" else value for key, value in data.items()}
        response = client.post(target, data)
        assert response.status_code == 403, target
        assert "archiviert" in response.json()["message"]
    assert client.get(detail).status_code == 200
    assert IntranetDocument.objects.filter(collection=private.collection).count() == 2
    assert not CheckOut.objects.exists() and not DocumentComment.objects.exists()


def test_unauthenticated_gets_401(client, private, document):
    response = client.get(base(private))
    assert response.status_code == 401
    assert response.json()["message"]
