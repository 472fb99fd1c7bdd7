"""One content check for every upload path (cms/uploads.py): the admin's
document and image forms (single and multiple upload), workspace uploads on
the site and the API. A program renamed ``.pdf`` is refused everywhere with
the same German message, and nothing is stored."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from wagtail.models import Collection

from cms.models import IntranetDocument, IntranetImage
from cms.uploads import check_upload
from tests.workspaces.conftest import people, workspaces  # noqa: F401
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db

# The start of a Windows program (DOS header and PE signature).
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
REFUSED = "Der Inhalt der Datei passt nicht zur Endung „pdf“."


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def messages(error):
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    "name,data",
    [
        ("plan.pdf", b"%PDF-1.7\n1 0 obj\n"),
        ("bericht.docx", docx_bytes()),
        ("liste.txt", "Größe: 3 Äpfel\n".encode()),
        ("daten.csv", b"a;b\n1;2\n"),
    ],
)
def test_files_whose_content_matches_pass(name, data):
    check_upload(upload(name, data), ["pdf", "docx", "txt", "csv"])


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("setup.pdf", EXE, REFUSED),
        ("bericht.docx", b"%PDF-1.7\n", "passt nicht zur Endung „docx“"),
        ("liste.txt", EXE, "passt nicht zur Endung „txt“"),
        ("liste.txt", docx_bytes(), "passt nicht zur Endung „txt“"),
        ("setup.exe", EXE, "Dateien vom Typ „exe“ werden nicht angenommen"),
        ("leer.pdf", b"", "Die Datei ist leer."),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(name, data, message):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, data), ["pdf", "docx", "txt"])
    assert message in messages(error)


def test_the_check_leaves_the_file_at_its_start():
    uploaded = upload("plan.pdf", b"%PDF-1.7\n")
    check_upload(uploaded, ["pdf"])
    assert uploaded.read() == b"%PDF-1.7\n"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_admin_refuses_a_renamed_program_as_document(admin_client):
    collection = Collection.get_first_root_node()
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "Setup", "file": upload("setup.pdf", EXE), "collection": collection.pk},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not IntranetDocument.objects.exists()


def test_the_admin_takes_a_real_pdf(admin_client):
    collection = Collection.get_first_root_node()
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "Plan", "file": upload("plan.pdf", b"%PDF-1.7\n"), "collection": collection.pk},
    )
    assert response.status_code == 302
    assert IntranetDocument.objects.get().title == "Plan"


def test_the_admin_multiple_upload_refuses_a_renamed_program(admin_client):
    collection = Collection.get_first_root_node()
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": upload("setup.pdf", EXE), "collection": collection.pk},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.json()["success"] is False
    assert REFUSED in str(response.json())
    assert not IntranetDocument.objects.exists()


def test_the_admin_refuses_a_renamed_program_as_image(admin_client):
    collection = Collection.get_first_root_node()
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Bild", "file": upload("bild.png", EXE), "collection": collection.pk},
    )
    assert response.status_code == 200
    assert not IntranetImage.objects.exists()


def test_workspace_site_and_api_refuse_a_renamed_program(client, workspaces, people):  # noqa: F811
    private = workspaces[Workspace.Kind.PRIVATE]
    before = IntranetDocument.objects.count()
    client.force_login(people["owner"])
    response = client.post(
        f"/api/v2/workspaces/{private.pk}/documents/", {"file": upload("setup.pdf", EXE)}
    )
    assert response.status_code == 400
    assert REFUSED in response.json()["message"]
    tool = client.post(
        tool_url(private.page, "dokumente", "index"), {"file": upload("setup.pdf", EXE)}
    )
    assert REFUSED in tool.content.decode()
    page = client.post(private.page.url + "hochladen/", {"file": upload("setup.pdf", EXE)})
    assert REFUSED in page.content.decode()
    assert IntranetDocument.objects.count() == before
