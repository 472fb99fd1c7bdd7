"""Bad input on the API answers a German 4xx as JSON, never a 500: search
syntax, huge numbers, deep JSON, unpaired surrogates, null bytes, years out
of range, odd ids and unknown paths under /api/v2/."""

import json

from django.test import Client

import pytest

from cms.api import errors
from tests import factories
from tests.api.helpers import assert_json_error

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
ENDPOINTS = ("pages", "documents", "images")


@pytest.fixture
def content(home_page):
    """A page, a document and an image the employee may see."""
    factories.ContentPageFactory(parent=home_page, title="Urlaubsantrag", slug="urlaub")
    factories.DocumentFactory(title="Dienstplan")
    factories.ImageFactory(title="Rathaus")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "term", ['"', '"Urlaub', 'a"b"c"', " ", "   ", "\t", "OR", "AND NOT", "-", "*", "(", ")"]
)
def test_search_syntax_never_fails(user_client, content, endpoint, term):
    response = user_client.get(f"/api/v2/{endpoint}/", {"search": term})
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_search_of_hundreds_of_words_is_refused(user_client, content, endpoint):
    response = user_client.get(f"/api/v2/{endpoint}/", {"search": " ".join(["wort"] * 600)})
    assert "Suchbegriffe" in assert_json_error(response, 400)["message"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("term", [" ", "\t \n", '""', '" "'])
def test_an_empty_search_asks_for_a_term(user_client, content, endpoint, term):
    response = user_client.get(f"/api/v2/{endpoint}/", {"search": term})
    assert "Suchbegriff" in assert_json_error(response, 400)["message"]


def test_a_quoted_search_still_finds(user_client, content):
    response = user_client.get("/api/v2/pages/", {"search": '"Urlaubsantrag'})
    assert response.status_code == 200
    assert "Urlaubsantrag" in [item["title"] for item in response.json()["items"]]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("value", ["abc", "-1", HUGE, "1.5"])
def test_find_with_a_bad_id_is_a_400(user_client, content, endpoint, value):
    response = user_client.get(f"/api/v2/{endpoint}/find/", {"id": value})
    assert_json_error(response, 400)


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "notifications"])
@pytest.mark.parametrize("param", ["offset", "limit"])
def test_huge_offset_and_limit_are_a_400(user_client, content, endpoint, param):
    response = user_client.get(f"/api/v2/{endpoint}/", {param: HUGE})
    assert_json_error(response, 400)


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/v2/auth/token/"), ("put", "/api/v2/notifications/preferences/")],
)
@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_a_400(user_client, method, path, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 100_000 + "1" + closing * 100_000
    response = getattr(user_client, method)(path, body, content_type="application/json")
    assert "verschachtelt" in assert_json_error(response, 400)["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/workspaces/abc/",
        "/api/v2/workspaces/-1/",
        "/api/v2/pages/abc/",
        "/api/v2/pages/-1/",
        "/api/v2/notifications/abc/read/",
        "/api/v2/workspaces/1/glossary/-5/",
        "/api/v2/unbekannt/",
        "/api/v2/",
    ],
)
def test_unknown_api_paths_are_json_404(user_client, path):
    assert_json_error(user_client.get(path), 404)


def test_unknown_api_paths_are_json_401_for_anonymous(client, db):
    assert_json_error(client.get("/api/v2/workspaces/abc/"), 401)


@pytest.mark.parametrize(
    "path", ["/api/v2/workspaces/abc/join/", "/api/v2/notifications/read-all/"]
)
def test_a_session_post_without_csrf_token_is_json(user, db, path):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    response = csrf_client.post(path, {})
    assert response.status_code in (403, 404)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


def test_the_csrf_failure_view_answers_json_on_the_api_only(rf):
    api = errors.csrf_failure(rf.post("/api/v2/me/"), reason="CSRF token missing")
    assert api.status_code == 403
    assert "CSRF" in json.loads(api.content)["message"]
    site = errors.csrf_failure(rf.post("/profil/"), reason="CSRF token missing")
    assert site.status_code == 403
    assert site["Content-Type"].startswith("text/html")


def test_moderately_nested_json_is_fine(user_client):
    body = (
        '{"username": "erika", "password": "pw", "label": "x", "extra": '
        + "[" * 40
        + "]" * 40
        + "}"
    )
    response = user_client.post("/api/v2/auth/token/", body, content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    "body",
    ['{"username": "a\\u0000", "password": "p"}', '{"username": "\\ud800", "password": "p"}'],
)
def test_token_body_values_are_checked(client, db, body):
    response = client.post("/api/v2/auth/token/", body, content_type="application/json")
    assert_json_error(response, 400)


def test_form_bodies_with_null_bytes_are_a_400(user_client):
    response = user_client.put(
        "/api/v2/notifications/preferences/",
        "kind=a%00b",
        content_type="application/x-www-form-urlencoded",
    )
    data = assert_json_error(response, 400)
    assert data["errors"] == {"kind": [data["message"]]}
