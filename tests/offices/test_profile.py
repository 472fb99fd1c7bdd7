"""/profil/: the signed-in person sees their own data (name, e-mail, units,
office intranets, workspaces with roles) and the links to their settings; the
navigation offers their offices and workspaces for quick access."""

import pytest

from offices.services import ensure_all_office_intranets, sync_unit_groups
from tests import factories
from workspaces import services as workspace_services
from workspaces.models import Workspace, WorkspaceMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(home_page):
    """Two offices with intranets; a division below the youth office."""
    youth = factories.OrgUnitFactory(code="amt-51", name="Jugendamt")
    order = factories.OrgUnitFactory(code="amt-32", name="Ordnungsamt")
    division = factories.OrgUnitFactory(
        code="abt-51-1", name="Abteilung Kita", kind="division", parent=youth
    )
    ensure_all_office_intranets()
    return {"youth": youth, "order": order, "division": division}


@pytest.fixture
def person(offices):
    """A member of the Kita division (so of the youth office), owner of a
    private workspace and reader of a secret one."""
    user = factories.UserFactory(
        username="jana", first_name="Jana", last_name="Berg", email="jana.berg@stadt.example"
    )
    factories.MembershipFactory(user=user, unit=offices["division"], function="editor")
    sync_unit_groups()
    owner = factories.UserFactory(username="chef")
    project = workspace_services.create_workspace(
        "Projekt Digitale Akte", Workspace.Kind.PRIVATE, Workspace.Template.PROJECT, user
    )
    secret = workspace_services.create_workspace(
        "Haushalt 2027", Workspace.Kind.SECRET, Workspace.Template.COMMITTEE, owner
    )
    workspace_services.set_member(secret, user, WorkspaceMembership.Role.READER)
    return {"user": type(user).objects.get(pk=user.pk), "project": project, "secret": secret}


def test_profile_shows_the_persons_own_data(client, person):
    client.force_login(person["user"])
    response = client.get("/profil/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mein Profil</h1>" in html
    assert "Jana Berg" in html and "jana.berg@stadt.example" in html
    assert "Abteilung Kita" in html and "(Redaktion)" in html
    assert 'href="/aemter/amt-51/"' in html  # the office of the division
    assert "/aemter/amt-32/" not in html
    assert "Projekt Digitale Akte" in html and "Rolle: Verantwortlich" in html
    assert "Haushalt 2027" in html and "Rolle: Lesend" in html
    assert 'href="/benachrichtigungen/einstellungen/"' in html


def test_profile_shows_nothing_of_other_people(client, person):
    gast = factories.UserFactory(username="gast", first_name="Gabi", last_name="Gast")
    client.force_login(gast)
    html = client.get("/profil/").content.decode()
    assert "Gabi Gast" in html
    assert "Jana Berg" not in html
    assert "Haushalt 2027" not in html and "Projekt Digitale Akte" not in html
    assert "Sie sind in keinem Arbeitsraum Mitglied." in html
    assert "Sie sind keiner Organisationseinheit zugeordnet." in html


def test_profile_needs_a_login(client):
    response = client.get("/profil/")
    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]


def test_navigation_offers_my_offices_and_workspaces(client, person, news_index):
    client.force_login(person["user"])
    html = client.get(news_index.url).content.decode()
    quick = html[html.index('class="quick-access"') : html.index("</details>")]
    assert 'href="/profil/"' in quick
    assert 'href="/aemter/amt-51/"' in quick and "amt-32" not in quick
    assert "Projekt Digitale Akte" in quick and "Haushalt 2027" in quick


def test_quick_access_leaves_out_what_a_person_does_not_belong_to(client, person, news_index):
    gast = factories.UserFactory(username="gast")
    client.force_login(gast)
    html = client.get(news_index.url).content.decode()
    quick = html[html.index('class="quick-access"') : html.index("</details>")]
    assert "Meine Ämter" not in quick and "Meine Arbeitsräume" not in quick
    assert "Haushalt 2027" not in html and "Projekt Digitale Akte" not in html
