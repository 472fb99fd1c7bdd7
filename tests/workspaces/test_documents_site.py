"""The documents tool on the rendered site: list, upload, versions (upload,
history, download, restore), check-out so a second editor sees who has it,
comments, notifications; readers read, archived workspaces are read-only,
refused files write nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.models import IntranetDocument
from cms.notifications.models import Kind, Notification
from workspaces import services as workspace_services
from workspaces.documents import services
from workspaces.documents.models import CheckOut, DocumentComment, DocumentVersion
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf", text=b"Plan"):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + text, content_type="application/pdf")


def url(workspace, name="index", **kwargs):
    return tool_url(workspace.page, "dokumente", name, **kwargs)


@pytest.fixture
def private(workspaces):
    return workspaces[Workspace.Kind.PRIVATE]


@pytest.fixture
def document(private, people):
    return services.add_document(private, people["owner"], pdf("konzept.pdf", b"eins"), "Konzept")


def held_by(user):
    return f"Ausgecheckt von {services.display_name(user)} seit"


def media_files(settings):
    return sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def test_list_shows_documents_with_version_and_checkout(client, private, people, document):
    services.check_out(private, people["member"], document)
    client.force_login(people["reader"])
    response = client.get(url(private))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Konzept" in body and "Datei Digitale Akte" in body
    assert held_by(people["member"]) in body
    # Readers read: no upload form.
    assert 'enctype="multipart/form-data"' not in body


def test_member_uploads_and_members_are_notified(
    client, private, people, django_capture_on_commit_callbacks
):
    client.force_login(people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(private), {"title": "Zeitplan", "file": pdf(), "note": "Entwurf"}
        )
    document = IntranetDocument.objects.get(title="Zeitplan")
    assert response.status_code == 302
    assert response["Location"] == url(private, "detail", pk=document.pk)
    assert document.collection_id == private.collection_id
    version = DocumentVersion.objects.get(document=document)
    assert (version.number, version.note, version.uploaded_by) == (1, "Entwurf", people["member"])
    notified = Notification.objects.filter(kind=Kind.DOCUMENT, title__contains="Zeitplan")
    assert {n.recipient.username for n in notified} == {"owner", "reader"}
    for notification in notified:
        assert notification.page_id == private.page_id
        assert notification.collection_id == private.collection_id
        assert notification.url == url(private, "detail", pk=document.pk)


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("setup.exe", b"MZ\x90\x00", "Dateien vom Typ „exe“ werden nicht angenommen."),
        ("tarnung.pdf", b"MZ\x90\x00", "Der Inhalt der Datei passt nicht zur Endung „pdf“."),
        ("gross.pdf", b"%PDF-1.4 " + b"x" * 2048, "erlaubt sind höchstens 1,0"),
    ],
)
def test_refused_upload_and_version_write_nothing(
    client, private, people, document, settings, name, data, message
):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client.force_login(people["member"])
    before = (IntranetDocument.objects.count(), DocumentVersion.objects.count())
    files = media_files(settings)
    response = client.post(url(private), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and 'role="alert"' in body
    response = client.post(
        url(private, "new_version", pk=document.pk), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (IntranetDocument.objects.count(), DocumentVersion.objects.count()) == before
    assert media_files(settings) == files
    assert not Notification.objects.filter(title__contains="Version").exists()


def test_versions_history_download_and_restore(
    client, private, people, document, django_capture_on_commit_callbacks
):
    client.force_login(people["member"])
    new_version = url(private, "new_version", pk=document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            new_version, {"file": pdf("konzept-v2.pdf", b"zwei"), "note": "Kap. 2"}
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.read() == b"%PDF-1.4 zwei"
    body = client.get(url(private, "detail", pk=document.pk)).content.decode()
    assert "Kap. 2" in body and "konzept-v2.pdf" in body and "Wiederherstellen" in body
    first = client.get(url(private, "version_file", pk=document.pk, number=1))
    assert first.status_code == 200
    assert b"".join(first.streaming_content) == b"%PDF-1.4 eins"
    assert "attachment" in first["Content-Disposition"]
    # Restoring version 1 adds version 3 with its content; nothing is lost.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(private, "version_restore", pk=document.pk, number=1))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.read() == b"%PDF-1.4 eins"
    versions = services.history(document)
    assert [v.number for v in versions] == [3, 2, 1]
    assert versions[0].restored_from == 1 and versions[0].is_current
    second = client.get(url(private, "version_file", pk=document.pk, number=2))
    assert b"".join(second.streaming_content) == b"%PDF-1.4 zwei"
    assert client.get(url(private, "version_file", pk=document.pk, number=9)).status_code == 404
    titles = set(
        Notification.objects.filter(recipient=people["owner"]).values_list("title", flat=True)
    )
    assert any("Neue Version 2 von „Konzept“" in t for t in titles)
    assert any("Neue Version 3 von „Konzept“" in t for t in titles)


def test_document_uploaded_elsewhere_gets_its_first_version(client, private, people):
    document = IntranetDocument.objects.get(title="Datei Digitale Akte")
    client.force_login(people["member"])
    body = client.get(url(private, "detail", pk=document.pk)).content.decode()
    assert "Version 1" in body
    client.post(url(private, "new_version", pk=document.pk), {"file": pdf("neu.pdf")})
    assert [v.number for v in services.history(document)] == [2, 1]
    old = client.get(url(private, "version_file", pk=document.pk, number=1))
    assert b"".join(old.streaming_content) == b"%PDF-1.4 test"


def test_second_editor_sees_checkout_and_cannot_overwrite(client, private, people, document):
    client.force_login(people["member"])
    assert client.post(url(private, "checkout", pk=document.pk)).status_code == 302
    client.force_login(people["owner"])
    body = client.get(url(private, "detail", pk=document.pk)).content.decode()
    assert held_by(people["member"]) in body
    # A second member (not the owner) is refused, with who and since when.
    other = type(people["member"]).objects.create(username="zweite")
    workspace_services.set_member(private, other, "member")
    client.force_login(other)
    response = client.post(url(private, "checkout", pk=document.pk))
    assert response.status_code == 409
    assert held_by(people["member"]) in response.content.decode()
    response = client.post(url(private, "new_version", pk=document.pk), {"file": pdf("x.pdf")})
    assert response.status_code == 409
    assert held_by(people["member"]) in response.content.decode()
    assert services.current_number(document) == 1
    response = client.post(url(private, "checkin", pk=document.pk))
    assert response.status_code == 409
    assert CheckOut.objects.filter(document=document, user=people["member"]).exists()
    # The holder uploads and checks in in one go.
    client.force_login(people["member"])
    response = client.post(
        url(private, "new_version", pk=document.pk), {"file": pdf("y.pdf"), "check_in": "on"}
    )
    assert response.status_code == 302
    assert services.current_number(document) == 2
    assert not CheckOut.objects.filter(document=document).exists()


def test_owner_may_release_someone_elses_checkout(client, private, people, document):
    services.check_out(private, people["member"], document)
    client.force_login(people["owner"])
    assert client.post(url(private, "checkin", pk=document.pk)).status_code == 302
    assert not CheckOut.objects.filter(document=document).exists()


def test_comments(client, private, people, document):
    client.force_login(people["member"])
    comment_url = url(private, "comment", pk=document.pk)
    response = client.post(comment_url, {"text": "Bitte Kapitel 3 prüfen."})
    assert response.status_code == 302
    response = client.post(comment_url, {"text": "   "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Kommentar." in response.content.decode()
    assert DocumentComment.objects.filter(document=document).count() == 1
    client.force_login(people["reader"])
    body = client.get(url(private, "detail", pk=document.pk)).content.decode()
    assert "Bitte Kapitel 3 prüfen." in body
    assert client.post(comment_url, {"text": "Ich auch"}).status_code == 403


@pytest.mark.parametrize("action", ["checkout", "new_version", "comment", "version_restore"])
def test_readers_and_archived_workspaces_do_not_write(client, private, people, document, action):
    kwargs = (
        {"pk": document.pk, "number": 1} if action == "version_restore" else {"pk": document.pk}
    )
    data = {"file": pdf(), "text": "Hallo"}
    client.force_login(people["reader"])
    assert client.post(url(private, action, **kwargs), data).status_code == 403
    workspace_services.set_status(private, Workspace.Status.ARCHIVED)
    client.force_login(people["owner"])
    data = {"file": pdf(), "text": "Hallo"}
    assert client.post(url(private, action, **kwargs), data).status_code == 403
    assert client.post(url(private), {"file": pdf()}).status_code == 403
    assert services.current_number(document) == 1
    assert not CheckOut.objects.exists() and not DocumentComment.objects.exists()
    assert client.get(url(private, "detail", pk=document.pk)).status_code == 200


def test_pages_are_accessible_markup(client, private, people, document):
    client.force_login(people["member"])
    for target in (url(private), url(private, "detail", pk=document.pk)):
        body = client.get(target).content.decode()
        assert body.count("<h1") == 1
        assert '<label for="id_file"' in body
        assert 'lang="de"' in body


def test_workspace_page_links_latest_documents_to_the_tool(client, private, people, document):
    client.force_login(people["member"])
    body = client.get(private.page.url).content.decode()
    assert f'href="{url(private, "detail", pk=document.pk)}"' in body
    assert f'href="{url(private)}"' in body
    # Uploads from the workspace page go through the tool (version 1, notifications).
    assert f'action="{url(private)}"' in body


def test_deleting_a_document_removes_its_version_files(
    private, people, document, settings, django_capture_on_commit_callbacks
):
    services.add_version(private, people["member"], document, pdf("v2.pdf", b"zwei"))
    old = services.get_version(document, 1)
    assert old.file and (settings.MEDIA_ROOT / old.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        IntranetDocument.objects.get(pk=document.pk).delete()
    assert not DocumentVersion.objects.filter(document_id=document.pk).exists()
    assert not (settings.MEDIA_ROOT / old.file.name).exists()
