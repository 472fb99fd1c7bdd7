"""Employees create workspaces themselves, on the site („Neuen Arbeitsraum
anlegen“ below /arbeitsraeume/neu/) and through ``POST /api/v2/workspaces/``:
the creator becomes owner, the template lays out its starter pages, bad input
is refused with a German message and writes nothing, and a secret workspace
made this way stays invisible to everyone else."""

import re

from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.test import Client

import pytest
from wagtail.models import Collection, Page, PageViewRestriction

from cms.permissions import can_view_page
from tests.workspaces.conftest import fresh
from workspaces import services
from workspaces.models import Workspace, WorkspaceMembership, WorkspacePage
from workspaces.tools import tool_links

pytestmark = pytest.mark.django_db

NEW_URL = "/arbeitsraeume/neu/"
API_URL = "/api/v2/workspaces/"


@pytest.fixture
def index(home_page):
    return services.ensure_workspace_index(home_page)


@pytest.fixture
def gast_client(client, people):
    client.force_login(fresh(people["gast"]))
    return client


def other_client(user):
    other = Client()
    other.force_login(fresh(user))
    return other


def counts():
    """What a creation writes, counted, to prove that a refusal writes nothing."""
    return {
        "pages": Page.objects.count(),
        "workspaces": Workspace.objects.count(),
        "memberships": WorkspaceMembership.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
    }


def form_data(**overrides):
    data = {
        "title": "Neubau Kita Nord",
        "summary": "Planung und Bau der Kita.",
        "kind": "private",
        "template": "committee",
    }
    data.update(overrides)
    return data


def api_post(client, data):
    return client.post(API_URL, data, content_type="application/json")


# --- site -------------------------------------------------------------------------


def test_index_links_to_the_form(gast_client, index):
    response = gast_client.get(index.url)
    assert response.status_code == 200
    assert f'href="{NEW_URL}"' in response.content.decode()
    assert "Neuen Arbeitsraum anlegen" in response.content.decode()


def test_form_is_labelled_and_explains_kinds_and_templates(gast_client, index):
    response = gast_client.get(NEW_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_title">Titel' in html
    assert '<label for="id_summary">Kurzbeschreibung' in html
    assert 'aria-describedby="id_summary_helptext"' in html
    assert "<legend>Art" in html and "<legend>Vorlage" in html
    for number, label in enumerate(["Öffentlich", "Privat", "Geheim"]):
        assert f'<label for="id_kind_{number}">{label}</label>' in html
        assert f'aria-describedby="id_kind_{number}_helptext"' in html
    assert "für alle anderen ist er unsichtbar" in html  # the explanation of „geheim“
    assert "Legt die Seiten Sitzungen und Beschlüsse an." in html  # what „Gremium“ lays out
    assert "Dokumente, Kalender, Diskussionen und Glossar" in html
    assert 'name="csrfmiddlewaretoken"' in html
    # The private kind and the project template are preselected.
    assert re.search(r'id="id_kind_1" value="private" checked', html)
    assert re.search(r'id="id_template_0" value="project" checked', html)


def test_post_creates_the_workspace_and_redirects_to_it(gast_client, people, index):
    response = gast_client.post(NEW_URL, form_data(), follow=True)
    workspace = Workspace.objects.get(page__title="Neubau Kita Nord")
    page = workspace.page
    assert response.redirect_chain == [(page.url, 302)]
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Arbeitsraum „Neubau Kita Nord“ ist angelegt." in html
    assert page.get_parent().pk == index.pk
    assert page.url == "/arbeitsraeume/neubau-kita-nord/"
    assert page.specific.summary == "Planung und Bau der Kita."
    assert (workspace.kind, workspace.template) == ("private", "committee")


def test_creator_is_owner_with_starter_pages_and_tools(gast_client, people, index):
    gast_client.post(NEW_URL, form_data(template="working_group"))
    workspace = Workspace.objects.get(page__title="Neubau Kita Nord")
    gast = people["gast"]
    assert workspace.created_by == gast
    assert workspace.role_of(gast) == WorkspaceMembership.Role.OWNER
    assert list(workspace.owner_group.user_set.all()) == [gast]
    children = workspace.page.get_children()
    assert [(p.slug, p.title, p.live) for p in children] == [
        ("protokolle", "Protokolle", True),
        ("ergebnisse", "Ergebnisse", True),
    ]
    # Only its people read it: the restriction names the workspace's groups.
    restriction = PageViewRestriction.objects.get(page=workspace.page)
    assert set(restriction.groups.all()) == set(workspace.groups())
    for label, url in tool_links(workspace.page):
        assert gast_client.get(url).status_code == 200, label
    # The owner manages the members at once.
    members_url = workspace.page.url + workspace.page.reverse_subpage("members")
    assert gast_client.get(members_url).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "   "}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "x" * 101}, "title", "höchstens 100 Zeichen lang sein (jetzt 101)"),
        ({"summary": "x" * 501}, "summary", "höchstens 500 Zeichen"),
        ({"kind": "offen"}, "kind", "„offen“ ist keine Art von Arbeitsraum"),
        ({"kind": ""}, "kind", "Bitte wählen Sie die Art"),
        ({"template": "wiki"}, "template", "„wiki“ ist keine Vorlage"),
    ],
)
def test_bad_input_re_renders_the_form_and_writes_nothing(gast_client, index, data, field, message):
    before = counts()
    response = gast_client.post(NEW_URL, form_data(**data))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    # The message sits next to its field, which points at it.
    error = re.search(rf'<span class="field-error" id="id_{field}_error">([^<]*)</span>', html)
    assert error and message in error.group(1)
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert 'aria-invalid="true"' in html
    assert counts() == before
    # What was typed stays in the form.
    if field != "title":
        assert 'value="Neubau Kita Nord"' in html


def test_a_failure_during_creation_leaves_nothing_behind(gast_client, index):
    """The last step (the owner's membership) fails: page, groups, collection,
    restriction and starter pages are rolled back, and the form says why."""
    from django.core.exceptions import ValidationError

    def refuse(sender, **kwargs):
        raise ValidationError("Die Mitgliedschaft konnte nicht gespeichert werden.")

    before = counts()
    post_save.connect(refuse, sender=WorkspaceMembership, dispatch_uid="test-refuse")
    try:
        response = gast_client.post(NEW_URL, form_data())
    finally:
        post_save.disconnect(dispatch_uid="test-refuse", sender=WorkspaceMembership)
    assert response.status_code == 400
    assert "Die Mitgliedschaft konnte nicht gespeichert werden." in response.content.decode()
    assert counts() == before
    assert not WorkspacePage.objects.filter(title="Neubau Kita Nord").exists()


def test_same_title_gets_a_numbered_slug(gast_client, workspaces, people):
    """Titles may repeat (the groups carry the id); the second page gets the
    next free slug and the first workspace is untouched."""
    first = workspaces[Workspace.Kind.PUBLIC]
    response = gast_client.post(NEW_URL, form_data(title="Gesundheit", kind="public"))
    second = Workspace.objects.exclude(pk=first.pk).get(page__title="Gesundheit")
    assert response["Location"] == "/arbeitsraeume/gesundheit-2/"
    assert second.page.url == "/arbeitsraeume/gesundheit-2/"
    assert Workspace.objects.get(pk=first.pk).page.url == "/arbeitsraeume/gesundheit/"
    assert second.role_of(people["gast"]) == "owner"
    assert first.role_of(people["gast"]) is None


def test_a_secret_title_is_not_revealed_by_the_slug(gast_client, workspaces):
    """„Haushalt 2027“ is secret and gast is not in it: gast's workspace of the
    same title gets the plain slug, not „…-2“ (which would say that a hidden
    one exists), because secret workspaces carry a random suffix."""
    secret = workspaces[Workspace.Kind.SECRET]
    assert secret.page.slug.startswith("haushalt-2027-")
    assert len(secret.page.slug) == len("haushalt-2027-") + 8
    response = gast_client.post(NEW_URL, form_data(title="Haushalt 2027", kind="public"))
    assert response["Location"] == "/arbeitsraeume/haushalt-2027/"


def test_two_secret_workspaces_of_one_title_get_different_slugs(gast_client, index):
    for _ in range(2):
        gast_client.post(NEW_URL, form_data(title="Vertraulich", kind="secret"))
    slugs = set(WorkspacePage.objects.filter(title="Vertraulich").values_list("slug", flat=True))
    assert len(slugs) == 2 and all(slug.startswith("vertraulich-") for slug in slugs)


@pytest.mark.parametrize("title", ["Neu", "Beitreten"])
def test_titles_of_the_index_routes_get_a_reachable_slug(gast_client, index, title):
    """/arbeitsraeume/neu/ is the form and beitreten/ the join route; a
    workspace with such a slug would be unreachable."""
    response = gast_client.post(NEW_URL, form_data(title=title))
    url = f"/arbeitsraeume/{title.lower()}-arbeitsraum/"
    assert response["Location"] == url
    page = gast_client.get(url)
    assert page.status_code == 200 and page.context["page"].title == title
    assert gast_client.get(NEW_URL).context["form"] is not None


def test_anonymous_is_sent_to_the_login(client, index):
    before = counts()
    for response in (client.get(NEW_URL), client.post(NEW_URL, form_data())):
        assert response.status_code == 302
        assert response["Location"].startswith("/anmelden/")
    assert counts() == before


def test_post_without_csrf_token_is_refused(people, index):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(fresh(people["gast"]))
    before = counts()
    assert csrf_client.post(NEW_URL, form_data()).status_code == 403
    assert counts() == before


# --- API --------------------------------------------------------------------------


def test_api_creates_and_answers_like_the_detail_endpoint(gast_client, people, index):
    response = api_post(gast_client, form_data(template="project"))
    assert response.status_code == 201
    data = response.json()
    workspace = Workspace.objects.get(pk=data["id"])
    assert response["Location"] == f"{API_URL}{workspace.pk}/"
    assert data == gast_client.get(response["Location"]).json()
    assert data["title"] == "Neubau Kita Nord"
    assert data["summary"] == "Planung und Bau der Kita."
    assert (data["kind"], data["template"], data["my_role"]) == ("private", "project", "owner")
    assert data["can_edit"] is True
    assert [m["username"] for m in data["members"]] == ["gast"]
    assert [t["label"] for t in data["tools"]] == [
        "Dokumente",
        "Kalender",
        "Diskussionen",
        "Glossar",
    ]
    assert [p.title for p in workspace.page.get_children()] == ["Projektplan", "Protokolle"]
    assert workspace.role_of(people["gast"]) == "owner"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"kind": "private", "template": "project"}, "Titel („title“): Bitte geben Sie einen"),
        (form_data(title="x" * 101), "Titel („title“): Der Titel darf höchstens 100 Zeichen"),
        (form_data(kind="offen"), "Art („kind“): „offen“ ist keine Art"),
        (form_data(template="wiki"), "Vorlage („template“): „wiki“ ist keine Vorlage"),
        ({"title": "Ohne Art"}, "Art („kind“): Bitte wählen Sie die Art"),
        (form_data(title=42), "Titel („title“) muss ein Text sein."),
        (form_data(kind=None), "Art („kind“) muss ein Text sein."),
        (["Neubau"], "Bitte senden Sie ein JSON-Objekt"),
    ],
)
def test_api_bad_input_is_a_400_naming_the_field(gast_client, index, body, expected):
    before = counts()
    response = api_post(gast_client, body)
    assert response.status_code == 400
    assert expected in response.json()["message"]
    assert counts() == before


def test_api_lists_errors_by_field(gast_client, index):
    response = api_post(gast_client, {"title": "", "kind": "offen", "template": "project"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title", "kind"}


def test_api_broken_json_is_a_400(gast_client, index):
    response = gast_client.post(API_URL, "{nope", content_type="application/json")
    assert response.status_code == 400
    assert "JSON-Objekt" in response.json()["message"]


def test_api_refuses_anonymous(client, index):
    before = counts()
    response = api_post(client, form_data())
    assert response.status_code == 401
    assert response.json()["message"].startswith("Anmeldung erforderlich")
    assert counts() == before


# --- a secret workspace made this way -----------------------------------------------


@pytest.mark.parametrize("channel", ["site", "api"])
def test_secret_workspace_is_invisible_to_others(client, people, index, channel):
    owner = other_client(people["owner"])
    if channel == "site":
        owner.post(NEW_URL, form_data(title="Geheimprojekt", kind="secret"))
    else:
        assert api_post(owner, form_data(title="Geheimprojekt", kind="secret")).status_code == 201
    workspace = Workspace.objects.get(page__title="Geheimprojekt")
    assert workspace.kind == Workspace.Kind.SECRET
    page = workspace.page
    assert owner.get(page.url).status_code == 200

    gast = people["gast"]
    client.force_login(fresh(gast))
    assert not can_view_page(fresh(gast), page)
    assert client.get(page.url).status_code == 404
    for child in page.get_children():
        assert client.get(child.url).status_code == 404
    detail = client.get(f"{API_URL}{workspace.pk}/")
    assert detail.status_code == 404
    assert detail.json() == client.get(f"{API_URL}999999/").json()
    listing = client.get(API_URL)
    assert workspace.pk not in [item["id"] for item in listing.json()["items"]]
    assert "Geheimprojekt" not in listing.content.decode()
    overview = client.get(index.url)
    assert "Geheimprojekt" not in overview.content.decode()
