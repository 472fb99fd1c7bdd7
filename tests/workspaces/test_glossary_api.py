"""The glossary API: members read and write, readers read, outsiders of
private and secret workspaces get 404 for everything (as for unknown ids);
bad input answers 400 with a German message and writes nothing; every route
is described in the OpenAPI document."""

from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from cms.api.schema import load_spec
from workspaces.glossary import services
from workspaces.glossary.models import Term
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db

RESTRICTED = (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET)


@pytest.fixture
def terms(workspaces, people):
    """{kind: [Term]}: „Dienstanweisung“ (DA) and „Haushaltssperre“, related."""
    result = {}
    for kind, workspace in workspaces.items():
        first = services.save_term(
            workspace,
            people["owner"],
            {
                "term": f"Dienstanweisung {kind}",
                "definition": "Eine verbindliche Regel.",
                "abbreviations": ["DA"],
            },
        )
        second = services.save_term(
            workspace,
            people["owner"],
            {"term": f"Haushaltssperre {kind}", "definition": "Stopp.", "related": [first.pk]},
        )
        result[kind] = [first, second]
    return result


def base(workspace):
    return f"/api/v2/workspaces/{workspace.pk}/glossary/"


def test_reader_lists_and_reads_terms(client, workspaces, people, terms):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["reader"])
    response = client.get(base(workspace))
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2
    assert [item["term"] for item in data["items"]] == [
        "Dienstanweisung private",
        "Haushaltssperre private",
    ]
    first = data["items"][0]
    assert first["abbreviations"] == ["DA"] and first["letter"] == "D"
    assert first["related"] == [{"id": terms["private"][1].pk, "term": "Haushaltssperre private"}]
    assert first["url"].endswith(f"/glossar/{first['id']}/")
    assert client.get(first["url"]).status_code == 200
    detail = client.get(f"{base(workspace)}{first['id']}/").json()
    assert detail == first
    only_h = client.get(base(workspace), {"letter": "h"}).json()
    assert [item["term"] for item in only_h["items"]] == ["Haushaltssperre private"]
    found = client.get(base(workspace), {"q": "da"}).json()
    assert [item["term"] for item in found["items"]] == ["Dienstanweisung private"]
    bad = client.get(base(workspace), {"letter": "AB"})
    assert bad.status_code == 400 and "letter" in bad.json()["message"]


def test_member_creates_changes_and_deletes(client, workspaces, people, terms):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["member"])
    response = client.post(
        base(workspace),
        {
            "term": "Kita-Bedarfsplanung",
            "definition": "Planung der Plätze.",
            "synonyms": ["Kitaplanung"],
            "abbreviations": "KBP",
            "related": [terms["private"][0].pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["abbreviations"] == ["KBP"] and created["synonyms"] == ["Kitaplanung"]
    assert created["related"][0]["id"] == terms["private"][0].pk
    term = Term.objects.get(pk=created["id"])
    assert term.created_by == people["member"]

    response = client.patch(
        f"{base(workspace)}{term.pk}/",
        {"definition": "Neu."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["definition"] == "Neu."
    assert response.json()["term"] == "Kita-Bedarfsplanung"  # fields not sent stay

    assert client.delete(f"{base(workspace)}{term.pk}/").status_code == 204
    assert not Term.objects.filter(pk=term.pk).exists()
    assert client.get(f"{base(workspace)}{term.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"term": "", "definition": "x"}, "term", "Bitte geben Sie einen Begriff an."),
        ({"term": "   ", "definition": "x"}, "term", "Bitte geben Sie einen Begriff an."),
        ({"definition": "x"}, "term", "Bitte geben Sie einen Begriff an."),
        ({"term": "Neu", "definition": ""}, "definition", "Bitte erklären Sie den Begriff."),
        (
            {"term": "dienstanweisung PRIVATE", "definition": "x"},
            "term",
            "Den Begriff „dienstanweisung PRIVATE“ gibt es in diesem Glossar bereits.",
        ),
        (
            {"term": "Neu", "definition": "x", "synonyms": [1, 2]},
            "synonyms",
            "„Synonyme“ muss ein Text oder eine Liste von Texten sein.",
        ),
        (
            {"term": "Neu", "definition": "x", "related": ["a"]},
            "related",
            "„related“ muss eine Liste von Begriffs-IDs sein.",
        ),
        ({"term": "x" * 201, "definition": "x"}, "term", "höchstens 200 Zeichen"),
    ],
)
def test_bad_input_answers_400_with_a_message(
    client, workspaces, people, terms, body, field, message
):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["owner"])
    response = client.post(base(workspace), body, content_type="application/json")
    assert response.status_code == 400
    data = response.json()
    assert message in data["message"]
    assert any(message in text for text in data["errors"][field])
    assert Term.objects.filter(workspace=workspace).count() == 2


def test_related_term_from_another_workspace_is_refused(client, workspaces, people, terms):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    client.force_login(people["owner"])
    secret_term = terms[Workspace.Kind.SECRET][0]
    response = client.patch(
        f"{base(workspace)}{terms['public'][0].pk}/",
        {"related": [secret_term.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Verwandte Begriffe müssen Begriffe desselben Glossars sein."
    )
    assert not terms["public"][0].related.filter(pk=secret_term.pk).exists()


def test_unknown_fields_and_non_objects_are_refused(client, workspaces, people, terms):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["owner"])
    response = client.post(
        base(workspace), {"term": "A", "definition": "B", "id": 5}, content_type="application/json"
    )
    assert response.status_code == 400 and "Unbekannte Felder: id." in response.json()["message"]
    response = client.post(base(workspace), ["x"], content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]
    response = client.post(base(workspace), "{kaputt", content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]
    assert Term.objects.filter(workspace=workspace).count() == 2


@pytest.mark.parametrize("who", ["reader", "gast"])
def test_readers_get_403_on_writes(client, workspaces, people, terms, who):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    term = terms["public"][0]
    client.force_login(people[who])
    response = client.post(
        base(workspace), {"term": "Neu", "definition": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "Verantwortliche und Mitglieder" in response.json()["message"]
    assert (
        client.patch(
            f"{base(workspace)}{term.pk}/", {"term": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.delete(f"{base(workspace)}{term.pk}/").status_code == 403
    assert Term.objects.get(pk=term.pk).term == term.term
    assert not Term.objects.filter(term="Neu").exists()


@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_gets_404_for_everything(client, workspaces, people, terms, kind):
    workspace = workspaces[kind]
    term = terms[kind][0]
    client.force_login(people["gast"])
    unknown = client.get("/api/v2/workspaces/999999/glossary/")
    assert unknown.status_code == 404
    for response in (
        client.get(base(workspace)),
        client.get(f"{base(workspace)}{term.pk}/"),
        client.post(
            base(workspace), {"term": "X", "definition": "Y"}, content_type="application/json"
        ),
        client.patch(
            f"{base(workspace)}{term.pk}/", {"term": "X"}, content_type="application/json"
        ),
        client.delete(f"{base(workspace)}{term.pk}/"),
    ):
        assert response.status_code == 404
        # The same answer as for a workspace that does not exist.
        assert response.json() == unknown.json()
    assert Term.objects.get(pk=term.pk).term == term.term


def test_term_ids_of_other_workspaces_are_404(client, workspaces, people, terms):
    public = workspaces[Workspace.Kind.PUBLIC]
    secret_term = terms[Workspace.Kind.SECRET][0]
    client.force_login(people["owner"])  # owner of both: ids still belong to one workspace
    assert client.get(f"{base(public)}{secret_term.pk}/").status_code == 404
    assert client.delete(f"{base(public)}{secret_term.pk}/").status_code == 404
    assert Term.objects.filter(pk=secret_term.pk).exists()


def test_archived_workspace_is_read_only_in_the_api(client, workspaces, people, terms):
    from workspaces import services as workspace_services

    workspace = workspaces[Workspace.Kind.PRIVATE]
    workspace_services.set_status(workspace, Workspace.Status.ARCHIVED)
    client.force_login(people["owner"])
    assert client.get(base(workspace)).status_code == 200
    response = client.post(
        base(workspace), {"term": "Neu", "definition": "x"}, content_type="application/json"
    )
    assert response.status_code == 403 and "archiviert" in response.json()["message"]


def test_anonymous_gets_401(client, workspaces, terms):
    response = client.get(base(workspaces[Workspace.Kind.PUBLIC]))
    assert response.status_code == 401
    assert response.json()["message"]


def _glossary_routes():
    routes = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes.add(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return {
        "/"
        + r[len("api/v2/") :]
        .replace("<int:workspace_id>", "{workspace_id}")
        .replace("<int:pk>", "{id}")
        for r in routes
        if r.startswith("api/v2/") and "/glossary/" in r
    }


def test_every_glossary_route_is_described():
    routes = _glossary_routes()
    assert routes == {
        "/workspaces/{workspace_id}/glossary/",
        "/workspaces/{workspace_id}/glossary/{id}/",
    }
    spec = load_spec()
    assert routes <= set(spec["paths"])
    for route in routes:
        for method, operation in spec["paths"][route].items():
            assert {"401", "404"} <= set(operation["responses"]), (route, method)
