"""The glossary on the rendered site: the A–Z index, term pages, and adding,
changing and deleting terms by owners and members, with clear messages for
bad input and nothing written; readers may not write, outsiders of private
and secret workspaces get 404 on every view."""

import re

import pytest

from workspaces import services as workspace_services
from workspaces.glossary import services
from workspaces.glossary.models import Term
from workspaces.models import Workspace
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db

RESTRICTED = (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET)


def add(workspace, user, term, definition="Erklärung.", **extra):
    return services.save_term(workspace, user, {"term": term, "definition": definition, **extra})


@pytest.fixture
def glossaries(workspaces, people):
    """Three terms in each workspace, one of them under an umlaut."""
    result = {}
    for kind, workspace in workspaces.items():
        terms = [
            add(workspace, people["owner"], f"Dienstanweisung {kind}", abbreviations=["DA"]),
            add(workspace, people["owner"], f"Ämterbudget {kind}", synonyms=["Amtsbudget"]),
            add(workspace, people["owner"], f"Haushaltssperre {kind}"),
        ]
        result[kind] = terms
    return result


def url(workspace, name="index", **kwargs):
    return tool_url(workspace.page, "glossar", name, **kwargs)


def test_index_lists_terms_a_to_z_and_links_only_letters_with_terms(
    client, workspaces, people, glossaries
):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["reader"])
    response = client.get(url(workspace))
    assert response.status_code == 200
    body = response.content.decode()
    nav = body[
        body.index('class="glossary-letters"') : body.index(
            "</nav>", body.index('class="glossary-letters"')
        )
    ]
    linked = set(re.findall(r'<a href="#buchstabe-(\w+)">', nav))
    # „Ämterbudget“ files under A (DIN 5007), the others under D and H.
    assert linked == {"A", "D", "H"}
    assert "<span>B</span>" in nav and '<a href="#buchstabe-B"' not in nav
    positions = [
        body.index(f"{name} private")
        for name in ("Ämterbudget", "Dienstanweisung", "Haushaltssperre")
    ]
    assert positions == sorted(positions)
    for term in glossaries[Workspace.Kind.PRIVATE]:
        assert url(workspace, "detail", pk=term.pk) in body
    # A reader gets no write controls.
    assert url(workspace, "create") not in body


def test_term_page_shows_definition_names_and_related_terms(client, workspaces, people, glossaries):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    first, second, _third = glossaries[Workspace.Kind.PUBLIC]
    services.save_term(workspace, people["member"], {"related": [second.pk]}, instance=first)
    client.force_login(people["gast"])
    body = client.get(url(workspace, "detail", pk=first.pk)).content.decode()
    assert "<dfn>Dienstanweisung public</dfn>" in body
    assert "DA" in body
    assert f'href="{url(workspace, "detail", pk=second.pk)}"' in body
    # Related terms are symmetric.
    other = client.get(url(workspace, "detail", pk=second.pk)).content.decode()
    assert f'href="{url(workspace, "detail", pk=first.pk)}"' in other


def test_member_adds_changes_and_deletes_a_term(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["member"])
    assert client.get(url(workspace, "create")).status_code == 200
    response = client.post(
        url(workspace, "create"),
        {
            "term": "  Kita-Bedarfsplanung ",
            "definition": "Planung der Betreuungsplätze.",
            "synonyms": "Bedarfsplan Kita, Kitaplanung",
            "abbreviations": "KBP",
        },
    )
    term = Term.objects.get(workspace=workspace)
    assert response.status_code == 302
    assert response["Location"] == url(workspace, "detail", pk=term.pk)
    assert term.term == "Kita-Bedarfsplanung"
    assert term.synonyms == ["Bedarfsplan Kita", "Kitaplanung"]
    assert term.abbreviations == ["KBP"]
    assert term.created_by == people["member"]

    response = client.post(
        url(workspace, "edit", pk=term.pk),
        {
            "term": "Kita-Bedarfsplanung",
            "definition": "Neu.",
            "synonyms": "",
            "abbreviations": "KBP",
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.definition == "Neu." and term.synonyms == []

    assert client.get(url(workspace, "delete", pk=term.pk)).status_code == 200
    response = client.post(url(workspace, "delete", pk=term.pk))
    assert response.status_code == 302
    assert not Term.objects.filter(pk=term.pk).exists()


def test_empty_term_is_refused_with_a_message_and_nothing_is_written(client, workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["owner"])
    response = client.post(url(workspace, "create"), {"term": "   ", "definition": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "Bitte geben Sie einen Begriff an." in body
    assert "Bitte erklären Sie den Begriff." in body
    assert not Term.objects.filter(workspace=workspace).exists()


def test_duplicate_term_is_refused_regardless_of_case(client, workspaces, people, glossaries):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["member"])
    response = client.post(
        url(workspace, "create"),
        {"term": "DIENSTANWEISUNG PRIVATE", "definition": "Doppelt."},
    )
    assert response.status_code == 400
    assert "Den Begriff „DIENSTANWEISUNG PRIVATE“ gibt es in diesem Glossar bereits." in (
        response.content.decode()
    )
    assert Term.objects.filter(workspace=workspace).count() == 3
    # The same term in another workspace is fine.
    other = workspaces[Workspace.Kind.PUBLIC]
    response = client.post(
        url(other, "create"), {"term": "Dienstanweisung private", "definition": "Anderswo."}
    )
    assert response.status_code == 302


def test_synonym_that_is_another_term_is_refused(client, workspaces, people, glossaries):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    client.force_login(people["member"])
    response = client.post(
        url(workspace, "create"),
        {"term": "Budget", "definition": "Geld.", "synonyms": "haushaltssperre private"},
    )
    assert response.status_code == 400
    assert "„Haushaltssperre private“ ist bereits ein eigener Begriff dieses Glossars." in (
        response.content.decode()
    )
    assert not Term.objects.filter(term="Budget").exists()


@pytest.mark.parametrize("who", ["reader", "gast"])
def test_readers_may_not_write(client, workspaces, people, glossaries, who):
    workspace = workspaces[Workspace.Kind.PUBLIC]
    term = glossaries[Workspace.Kind.PUBLIC][0]
    client.force_login(people[who])
    assert client.get(url(workspace, "create")).status_code == 403
    assert (
        client.post(url(workspace, "create"), {"term": "X", "definition": "Y"}).status_code == 403
    )
    assert (
        client.post(
            url(workspace, "edit", pk=term.pk), {"term": "X", "definition": "Y"}
        ).status_code
        == 403
    )
    assert client.post(url(workspace, "delete", pk=term.pk)).status_code == 403
    term.refresh_from_db()
    assert term.term == "Dienstanweisung public"
    assert Term.objects.filter(workspace=workspace).count() == 3


def test_archived_workspace_glossary_is_read_only(client, workspaces, people, glossaries):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    workspace_services.set_status(workspace, Workspace.Status.ARCHIVED)
    client.force_login(people["owner"])
    body = client.get(url(workspace)).content.decode()
    assert "archiviert" in body and url(workspace, "create") not in body
    response = client.post(url(workspace, "create"), {"term": "Neu", "definition": "Neu."})
    assert response.status_code == 403
    assert not Term.objects.filter(term="Neu").exists()


@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_gets_404_on_every_glossary_view(client, workspaces, people, glossaries, kind):
    workspace = workspaces[kind]
    term = glossaries[kind][0]
    client.force_login(people["gast"])
    for name, kwargs in (
        ("index", {}),
        ("create", {}),
        ("detail", {"pk": term.pk}),
        ("edit", {"pk": term.pk}),
        ("delete", {"pk": term.pk}),
    ):
        assert client.get(url(workspace, name, **kwargs)).status_code == 404, name
        assert client.post(url(workspace, name, **kwargs), {"term": "X"}).status_code == 404
    assert Term.objects.get(pk=term.pk).term == term.term


def test_term_of_another_workspace_is_404_below_this_one(client, workspaces, people, glossaries):
    """A member of the public workspace cannot reach a secret term through
    the public workspace's URL (ids are checked against the workspace)."""
    public = workspaces[Workspace.Kind.PUBLIC]
    secret_term = glossaries[Workspace.Kind.SECRET][0]
    client.force_login(people["gast"])
    assert client.get(url(public, "detail", pk=secret_term.pk)).status_code == 404
    assert client.post(url(public, "delete", pk=secret_term.pk)).status_code == 404
    assert Term.objects.filter(pk=secret_term.pk).exists()
