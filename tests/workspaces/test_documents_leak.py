"""Leak tests of the documents tool: an outsider (``gast``) learns nothing of
the documents of a private or secret workspace, nor of their versions,
check-outs and comments, on any channel (site views, API, version files,
notifications, search), and a document of one workspace cannot be reached
through another workspace the outsider may read. Hidden and unknown ids
answer alike."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.notifications.services import visible_notifications
from demo.files import pdf_bytes
from search.query import search
from tests.search import conftest as search_fixtures
from tests.workspaces.conftest import fresh
from workspaces import services as workspace_services
from workspaces.documents import services
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db

RESTRICTED = (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET)

# The search tests' fresh index on the real engine, used here by name.
search_engine = search_fixtures.search_engine


def pdf(name, text=b"Plan"):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + text, content_type="application/pdf")


@pytest.fixture
def documents(workspaces, people):
    """{kind: document} with two versions, a check-out and a comment each."""
    result = {}
    for kind, workspace in workspaces.items():
        document = services.add_document(workspace, people["owner"], pdf("a.pdf"), f"Akte {kind}")
        services.add_version(workspace, people["member"], document, pdf("b.pdf", b"zwei"))
        services.check_out(workspace, people["member"], document)
        services.add_comment(workspace, people["member"], document, f"Kommentar {kind}")
        result[kind] = document
    return result


def site_routes(page, pk):
    """(method, url) of every site route of one document."""
    get = [("get", tool_url(page, "dokumente", "detail", pk=pk))]
    get += [("get", tool_url(page, "dokumente", "version_file", pk=pk, number=n)) for n in (1, 2)]
    post = [
        ("post", tool_url(page, "dokumente", name, pk=pk))
        for name in ("checkout", "checkin", "new_version", "comment")
    ]
    post.append(("post", tool_url(page, "dokumente", "version_restore", pk=pk, number=1)))
    return get + post


def api_routes(workspace_id, pk):
    base = f"/api/v2/workspaces/{workspace_id}/documents/{pk}/"
    return [
        ("get", base),
        ("get", base + "versions/1/file/"),
        ("get", base + "versions/2/file/"),
        ("get", base + "comments/"),
        ("post", base + "comments/"),
        ("post", base + "versions/"),
        ("post", base + "versions/1/restore/"),
        ("post", base + "checkout/"),
        ("delete", base + "checkout/"),
    ]


def call(client, method, url):
    if method == "post":
        return client.post(url, {"file": pdf("x.pdf"), "text": "x"})
    return getattr(client, method)(url)


@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_gets_404_everywhere(client, workspaces, people, documents, kind):
    workspace, document = workspaces[kind], documents[kind]
    client.force_login(people["gast"])
    assert client.get(tool_url(workspace.page, "dokumente")).status_code == 404
    assert (
        client.post(tool_url(workspace.page, "dokumente"), {"file": pdf("x.pdf")}).status_code
        == 404
    )
    for method, url in site_routes(workspace.page, document.pk):
        assert call(client, method, url).status_code == 404, (method, url)
    unknown = client.get("/api/v2/workspaces/987654/documents/").json()
    for path in (f"/api/v2/workspaces/{workspace.pk}/documents/",):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == unknown
        assert client.post(path, {"file": pdf("x.pdf")}).status_code == 404
    for method, url in api_routes(workspace.pk, document.pk):
        response = call(client, method, url)
        assert response.status_code == 404, (method, url)
        assert response.json() == unknown
    # Nothing was written by all those attempts.
    assert services.current_number(document) == 2
    assert services.checkout_of(document).user == people["member"]
    assert document.workspace_comments.count() == 1


@pytest.mark.parametrize("kind", RESTRICTED)
def test_no_detour_through_a_readable_workspace(client, workspaces, people, documents, kind):
    """gast reads the public workspace; a restricted document's id under it is unknown."""
    public, document = workspaces[Workspace.Kind.PUBLIC], documents[kind]
    client.force_login(people["gast"])
    listing = client.get(f"/api/v2/workspaces/{public.pk}/documents/?limit=100").json()
    assert document.pk not in {item["id"] for item in listing["items"]}
    assert listing["meta"]["total_count"] == 2  # the public workspace's own two
    body = client.get(tool_url(public.page, "dokumente")).content.decode()
    assert document.title not in body and f"Kommentar {kind}" not in body
    for method, url in site_routes(public.page, document.pk):
        assert call(client, method, url).status_code == 404, (method, url)
    for method, url in api_routes(public.pk, document.pk):
        assert call(client, method, url).status_code == 404, (method, url)
    # The workspace page's latest documents show nothing hidden either.
    body = client.get(public.page.url).content.decode()
    assert document.title not in body


@pytest.mark.parametrize("who", ["owner", "member", "reader"])
@pytest.mark.parametrize("kind", RESTRICTED)
def test_members_read_documents_versions_and_comments(
    client, workspaces, people, documents, kind, who
):
    workspace, document = workspaces[kind], documents[kind]
    client.force_login(people[who])
    for method, url in site_routes(workspace.page, document.pk):
        if method == "get":
            assert client.get(url).status_code == 200, url
    for method, url in api_routes(workspace.pk, document.pk):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_notifications_follow_membership(workspaces, people, django_capture_on_commit_callbacks):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(workspace, people["member"], pdf("n.pdf"), "Vermerk")
        services.add_version(workspace, people["member"], document, pdf("n2.pdf"))
    assert (
        visible_notifications(fresh(people["reader"])).filter(title__contains="Vermerk").count()
        == 2
    )
    assert not visible_notifications(fresh(people["gast"])).filter(title__contains="Vermerk")
    # Someone who leaves the workspace no longer sees the titles.
    workspace_services.remove_member(workspace, people["reader"])
    assert not visible_notifications(fresh(people["reader"])).filter(title__contains="Vermerk")


@pytest.mark.search_engine
@pytest.mark.usefixtures("search_engine")
@pytest.mark.parametrize("kind", RESTRICTED)
def test_search_finds_the_current_version_for_members_only(client, workspaces, people, kind):
    workspace = workspaces[kind]
    old_word, new_word = "qxjzvkwyfq", "wyfkzvjqxk"
    document = services.add_document(
        workspace,
        people["owner"],
        ContentFile(pdf_bytes("Gutachten", [f"Alter Stand {old_word}"]), name="gutachten.pdf"),
        "Gutachten",
    )
    services.add_version(
        workspace,
        people["owner"],
        document,
        ContentFile(pdf_bytes("Gutachten", [f"Neuer Stand {new_word}"]), name="gutachten2.pdf"),
    )
    search_fixtures.index_all()
    member, gast = fresh(people["member"]), fresh(people["gast"])
    found = search(member, new_word, record=False)
    assert {(i["kind"], i["id"]) for i in found.items} == {("document", document.pk)}
    # The replaced version's text is not searchable any more.
    assert search(member, old_word, record=False).total == 0
    hidden = search(gast, new_word, record=False)
    assert hidden.total == 0 and not hidden.items
    assert all(e["count"] == 0 for entries in hidden.facets.values() for e in entries)
    client.force_login(gast)
    response = client.get(f"/api/v2/search/?q={new_word}")
    assert response.status_code == 200 and response.json()["total"] == 0
    client.force_login(member)
    assert client.get(f"/api/v2/search/?q={new_word}").json()["total"] == 1
