"""Permission transparency: ``explain_access`` (function, command and admin
view) and the CSV export of the effective rights."""

import csv
import io

from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

import pytest
from wagtail.models import Collection, GroupPagePermission

from cms.rights.explain import explain_access
from tests import factories
from tests.permissions.test_restricted_channels import restrict_collection, restrict_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(home_page):
    """A restricted page and document, a member, an editor, an outsider and a superuser."""
    group = Group.objects.create(name="Mitglieder: Jugendamt")
    editors = Group.objects.create(name="Zentrale Redaktion")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    member = factories.UserFactory(username="member")
    member.groups.add(group)
    editor = factories.UserFactory(username="editor")
    editor.groups.add(editors)
    outsider = factories.UserFactory(username="outsider")
    admin = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    secret = factories.ContentPageFactory(
        parent=home_page, slug="jugendamt", title="Jugendamt intern"
    )
    child = factories.ContentPageFactory(parent=secret, slug="kinderschutz", title="Kinderschutz")
    restrict_page(secret, group)
    GroupPagePermission.objects.create(
        group=editors,
        page=home_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    collection = Collection.get_first_root_node().add_child(name="Jugendamt")
    restrict_collection(collection, group)
    document = factories.DocumentFactory(collection=collection, title="Geheimes Dokument")
    return {
        "group": group,
        "member": member,
        "editor": editor,
        "outsider": outsider,
        "admin": admin,
        "secret": secret,
        "child": child,
        "document": document,
    }


def texts(reasons):
    return " | ".join(reason.text for reason in reasons)


def test_member_passes_the_restriction_through_their_group(area):
    result = explain_access(area["member"], area["child"])
    assert result.can_view
    assert "Mitglieder: Jugendamt" in texts(result.view_reasons)
    assert "erfüllt über Gruppe" in texts(result.view_reasons)
    assert "/jugendamt/" in texts(result.view_reasons)  # the page the restriction sits on
    assert not result.can_edit


def test_outsider_is_refused_with_the_failed_restriction(area):
    result = explain_access(area["outsider"], area["child"])
    assert not result.can_view
    failed = [r for r in result.view_reasons if r.passed is False]
    assert failed and failed[0].data["groups"] == ["Mitglieder: Jugendamt"]
    document = explain_access(area["outsider"], area["document"])
    assert not document.can_view
    assert "Sammlung Jugendamt" in texts(document.view_reasons)


def test_superuser_sees_everything(area):
    result = explain_access(area["admin"], area["document"])
    assert result.can_view and result.can_edit
    assert "Superuser" in texts(result.view_reasons)


def test_editor_permission_names_group_subtree_and_role(area, home_page):
    result = explain_access(area["editor"], area["child"])
    assert result.can_edit and not result.can_view
    grant = next(r for r in result.edit_reasons if r.passed)
    assert grant.data["group"] == "Zentrale Redaktion"
    assert grant.data["permission"] == "change_page"
    assert grant.data["subtree"] == "/"  # the start page, as readers see its path
    assert grant.data["role"] == "Zentrale Redaktion"  # the role's label in config/roles.yaml


def test_command_explains_in_german(area):
    out = io.StringIO()
    call_command("explain_access", "member", f"page:{area['child'].pk}", stdout=out)
    assert "Darf lesen: ja" in out.getvalue()
    assert "Mitglieder: Jugendamt" in out.getvalue()
    out = io.StringIO()
    call_command("explain_access", "outsider", "page:/jugendamt/kinderschutz/", stdout=out)
    assert "Darf lesen: nein" in out.getvalue()
    out = io.StringIO()
    call_command("explain_access", "outsider", f"document:{area['document'].pk}", stdout=out)
    assert "Darf lesen: nein" in out.getvalue()


@pytest.mark.parametrize(
    "user,item,message",
    [
        ("niemand", "page:1", "niemand"),
        ("member", "seite:1", "seite:1"),
        ("member", "page:abc", "abc"),
        ("member", "document:987654", "987654"),
        ("member", "page:/gibt/es/nicht/", "/gibt/es/nicht/"),
    ],
)
def test_command_errors(area, user, item, message):
    with pytest.raises(CommandError, match=message):
        call_command("explain_access", user, item, stdout=io.StringIO())


def test_admin_view_for_superusers(client, area):
    client.force_login(area["admin"])
    assert client.get("/admin/zugriff-pruefen/").status_code == 200
    response = client.post(
        "/admin/zugriff-pruefen/", {"user": "outsider", "item": f"page:{area['secret'].pk}"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "nicht Mitglied" in content and "Mitglieder: Jugendamt" in content
    bad = client.post("/admin/zugriff-pruefen/", {"user": "niemand", "item": "page:1"})
    assert bad.status_code == 200 and "niemand" in bad.content.decode()


def test_admin_view_refuses_other_users(client, area):
    client.force_login(area["editor"])  # may enter the admin, but is no superuser
    assert client.get("/admin/zugriff-pruefen/").status_code in (302, 403)
    assert client.get("/admin/zugriff-pruefen/export.csv").status_code in (302, 403)
    assert "zugriff-pruefen" not in client.get("/admin/").content.decode()
    client.force_login(area["admin"])
    assert "zugriff-pruefen" in client.get("/admin/").content.decode()  # the menu item


def read_csv(text):
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_export_contains_grants_and_restrictions(area, home_page, tmp_path):
    out = io.StringIO()
    call_command("export_rights", "-", stdout=out)
    rows = read_csv(out.getvalue())
    assert rows[0] == ["art", "gruppe", "rolle", "ziel", "pfad", "recht_oder_gruppen"]
    assert [
        "seitenrecht",
        "Zentrale Redaktion",
        "Zentrale Redaktion",
        home_page.title,
        "/",
        "change_page",
    ] in rows
    assert [
        "seitenbeschraenkung",
        "",
        "",
        "Jugendamt intern",
        "/jugendamt/",
        "Mitglieder: Jugendamt",
    ] in rows
    assert [
        "sammlungsbeschraenkung",
        "",
        "",
        "Jugendamt",
        "/Jugendamt",
        "Mitglieder: Jugendamt",
    ] in (rows)
    target = tmp_path / "rechte.csv"
    call_command("export_rights", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    assert read_csv(target.read_text(encoding="utf-8")) == rows


def test_export_view(client, area):
    client.force_login(area["admin"])
    response = client.get("/admin/zugriff-pruefen/export.csv")
    assert response.status_code == 200
    assert "seitenbeschraenkung" in response.content.decode()
