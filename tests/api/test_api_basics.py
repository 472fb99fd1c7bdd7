"""The API surface: tokens, me/, errors as JSON messages, the OpenAPI description."""

import re

from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from cms.api.schema import load_spec
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def obtain_token(client, username="erika", password="pw"):
    return client.post(
        "/api/v2/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_token_obtain_use_and_revoke(client, user, home_page):
    response = obtain_token(client)
    assert response.status_code == 201
    token = response.json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    me = client.get("/api/v2/me/", **auth)
    assert me.status_code == 200
    assert me.json()["username"] == "erika"

    assert client.delete("/api/v2/auth/token/", **auth).status_code == 204
    after = client.get("/api/v2/me/", **auth)
    assert after.status_code == 401
    assert after.json()["message"] == "Das Token ist ungültig oder widerrufen."


def test_wrong_password_answers_401_with_a_message(client, user):
    response = obtain_token(client, password="falsch")
    assert response.status_code == 401
    assert response.json() == {"message": "Benutzername oder Passwort ist falsch."}


def test_wrong_passwords_are_rate_limited(client, user, settings):
    # The shared sign-in throttle (accounts/throttle.py, django-axes).
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert obtain_token(client, password="falsch").status_code == 401
    # The third failure reaches the limit and is answered with the lockout.
    assert obtain_token(client, password="falsch").status_code == 429
    blocked = obtain_token(client, password="pw")  # even the right one, for now
    assert blocked.status_code == 429
    assert "Anmeldeversuche" in blocked.json()["message"]
    assert blocked["Retry-After"]


@pytest.mark.parametrize("body", [{}, {"username": "erika"}, {"username": 1, "password": 2}])
def test_token_request_without_credentials_is_a_400(client, user, body):
    response = client.post("/api/v2/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "username" in response.json()["message"]


def test_token_request_with_broken_json_is_a_400(client, user):
    response = client.post("/api/v2/auth/token/", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


def test_revoking_without_a_token_is_a_400(user_client):
    response = user_client.delete("/api/v2/auth/token/")
    assert response.status_code == 400


def test_me_lists_units_and_groups(user_client, user):
    unit = factories.OrgUnitFactory(code="amt-20", name="Kämmerei")
    factories.MembershipFactory(user=user, unit=unit, function="editor")
    data = user_client.get("/api/v2/me/").json()
    assert data["units"] == [
        {
            "id": unit.pk,
            "code": "amt-20",
            "name": "Kämmerei",
            "kind": "office",
            "function": "editor",
        }
    ]
    assert isinstance(data["groups"], list)


@pytest.mark.parametrize(
    "query",
    ["limit=abc", "offset=-1", "unknown=1", "type=home.Nope", "order=nofield", "child_of=abc"],
)
def test_bad_parameters_answer_400_with_a_message(user_client, home_page, query):
    response = user_client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
    assert set(response.json()) == {"message"}
    assert response.json()["message"]


def test_unknown_page_answers_404_json(user_client, home_page):
    response = user_client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "Nicht gefunden."}


def _api_routes():
    """Every route under /api/v2/ as an OpenAPI-style path."""
    routes = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes.add(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    api = set()
    for route in routes:
        if route.startswith("api/v2/"):
            path = "/" + route[len("api/v2/") :]
            path = path.replace("^", "").replace("$", "").replace("\\Z", "")
            path = path.replace("(?P<pk>\\d+)", "{id}").replace("<int:pk>", "{id}")
            # Other path parameters (``<int:workspace_id>``) as OpenAPI names.
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)
            api.add(path)
    return api


def test_every_api_route_is_described_in_the_openapi_document():
    described = set(load_spec()["paths"])
    routes = _api_routes()
    assert routes, "no API routes found"
    assert routes <= described, f"undocumented: {sorted(routes - described)}"


def test_every_operation_documents_its_errors():
    for path, operations in load_spec()["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path != "/auth/token/" or method != "post":
                assert "401" in codes, f"{method} {path} lacks 401"
            if "{id}" in path or path.endswith("/find/"):
                assert "404" in codes, f"{method} {path} lacks 404"


def test_schema_and_docs_are_served(user_client):
    schema = user_client.get("/api/v2/schema/")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = user_client.get("/api/v2/docs/")
    assert docs.status_code == 200
    assert b"/pages/{id}/" in docs.content
