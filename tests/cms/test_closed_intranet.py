"""The intranet is closed: anonymous requests are refused on every channel."""

from django.core.cache import cache

import pytest
from wagtail.images import get_image_model

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(home_page):
    """A page, a document and an image rendition to try to reach."""
    page = factories.ContentPageFactory(parent=home_page, slug="seite")
    document = factories.DocumentFactory()
    image = factories.ImageFactory()
    rendition = image.get_rendition("max-100x100")
    return {"page": page, "document": document, "image": image, "rendition": rendition}


@pytest.mark.parametrize("path", ["/", "/seite/", "/en/", "/nicht-vorhanden/"])
def test_html_pages_redirect_to_the_login(client, content, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/?next=")


def test_document_download_redirects_to_the_login(client, content):
    response = client.get(content["document"].url)
    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]


def test_image_rendition_redirects_to_the_login(client, content):
    response = client.get(content["rendition"].url)
    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]


def test_media_folder_is_not_served(client, superuser, content):
    """Uploaded files are never reachable under MEDIA_URL, even signed in."""
    client.force_login(superuser)
    response = client.get("/media/" + content["document"].file.name)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/",
        "/api/v2/pages/1/",
        "/api/v2/pages/find/?html_path=/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v2/me/",
        "/api/v2/schema/",
        "/api/v2/docs/",
    ],
)
def test_api_answers_401_json(client, content, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Anmeldung" in response.json()["message"]


def test_api_with_a_wrong_token_answers_401(client, content):
    response = client.get("/api/v2/pages/", HTTP_AUTHORIZATION="Bearer falsch")
    assert response.status_code == 401
    assert response.json()["message"] == "Das Token ist ungültig oder widerrufen."


@pytest.mark.parametrize("path", ["/api/v2/docs/", "/api/v2/schema/", "/api/v2/me/"])
@pytest.mark.parametrize("header", ["Bearer falsch", "Basic YWRtaW46ZGVtbw==", "x"])
def test_any_authorization_header_is_not_enough(client, content, path, header):
    response = client.get(path, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


def test_the_api_docs_open_with_a_valid_token(client, content, user):
    cache.clear()  # the login rate limit of other tests
    token = client.post(
        "/api/v2/auth/token/",
        {"username": user.username, "password": "pw"},
        content_type="application/json",
    ).json()["token"]
    response = client.get("/api/v2/docs/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_login_page_is_german_and_open(client, db):
    response = client.get("/anmelden/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="de"' in html
    assert "Benutzername" in html and "Passwort" in html


def test_signed_in_user_reaches_the_start_page(user_client, content):
    assert user_client.get("/").status_code == 200
    assert user_client.get(content["rendition"].url).status_code == 200
    assert user_client.get(content["document"].url).status_code == 200


def test_rendition_ids_that_do_not_exist_answer_404(user_client, content):
    rendition_model = get_image_model().get_rendition_model()
    missing = rendition_model.objects.order_by("-pk").first().pk + 100
    assert user_client.get(f"/bilder/{missing}/").status_code == 404
