"""Files delivered after the permission check are never kept by a shared
cache: always ``Cache-Control: private``, never ``public`` or ``s-maxage``;
files behind a restriction are not stored at all (``no-store``)."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from tests import factories
from tests.permissions.test_restricted_channels import area, login  # noqa: F401
from tests.workspaces.conftest import people, workspaces  # noqa: F401
from workspaces.documents import services as document_services
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


def cache_directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private(response, stored):
    assert response.status_code == 200
    directives = cache_directives(response)
    assert "private" in directives
    assert "public" not in directives
    assert not any(d.startswith("s-maxage") for d in directives)
    assert ("no-store" in directives) is (not stored)
    assert "Cookie" in response["Vary"]


def test_a_restricted_document_is_private_and_not_stored(client, area):  # noqa: F811
    response = login(client, area["member"]).get(area["document"].url)
    assert_private(response, stored=False)


def test_an_open_document_is_private(client, area):  # noqa: F811
    document = factories.DocumentFactory(title="Offenes Dokument")
    response = login(client, area["outsider"]).get(document.url)
    assert_private(response, stored=True)


def test_a_restricted_image_rendition_is_private_and_not_stored(client, area):  # noqa: F811
    response = login(client, area["member"]).get(area["rendition"].url)
    assert_private(response, stored=False)


def test_an_open_image_rendition_is_private(client, area):  # noqa: F811
    rendition = factories.ImageFactory().get_rendition("max-100x100")
    response = login(client, area["outsider"]).get(rendition.url)
    assert_private(response, stored=True)


def test_a_workspace_version_is_private_and_not_stored(client, workspaces, people):  # noqa: F811
    private = workspaces[Workspace.Kind.PRIVATE]
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 Plan", content_type="application/pdf")
    document = document_services.add_document(private, people["owner"], upload, "Plan")
    client.force_login(people["member"])
    site = client.get(tool_url(private.page, "dokumente", "version_file", pk=document.pk, number=1))
    assert_private(site, stored=False)
    api = client.get(f"/api/v2/workspaces/{private.pk}/documents/{document.pk}/versions/1/file/")
    assert_private(api, stored=False)
