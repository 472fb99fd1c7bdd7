"""The role file and ``apply_roles``: idempotent, a silent dry run once the
database matches, clear errors for a bad file, and agreement with
setup_editorial and the office intranets."""

import io
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

import pytest
import yaml
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    PageViewRestriction,
)

from cms.rights.applier import LOG_ACTION
from cms.rights.roles import DEFAULT_FILE, load_roles
from home.editorial import ensure_editorial_setup
from offices.models import OfficeIntranetPage, OrgUnit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page, news_index):
    """A start page with news, two information areas and one office."""
    factories.InformationAreaPageFactory(parent=home_page, slug="formulare", area="forms")
    council = factories.InformationAreaPageFactory(
        parent=home_page, slug="personalrat", title="Personalrat", area="staff-council"
    )
    unit = factories.OrgUnitFactory(code="amt-51", name="Jugendamt")
    return {"home": home_page, "council": council, "office": OrgUnit.objects.get(pk=unit.pk)}


def run(*args):
    out = io.StringIO()
    call_command("apply_roles", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Everything apply_roles may write, in comparable form."""
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
        sorted(
            GroupCollectionPermission.objects.values_list(
                "group_id", "collection_id", "permission_id"
            )
        ),
        sorted(PageViewRestriction.objects.values_list("page_id", "groups__name")),
        ModelLogEntry.objects.count(),
    )


def test_the_shipped_file_is_valid():
    roles = load_roles(DEFAULT_FILE)
    for key in (
        "employee",
        "office_member",
        "office_editor",
        "area_editor",
        "area_administrator",
        "central_editor",
        "workspace_owner",
        "workspace_member",
        "workspace_reader",
        "decentral_editor",
        "staff_council",
        "administrator",
    ):
        assert roles[key]["label"] and roles[key]["description"]


def test_dry_run_writes_nothing_then_apply_is_idempotent(site):
    before = snapshot()
    planned = run("--dry-run")
    assert "Zentrale Redaktion" in planned and "Bereichsredaktion Personalrat" in planned
    assert snapshot() == before

    applied = run()
    assert Group.objects.filter(name="Administration").exists()
    central = Group.objects.get(name="Zentrale Redaktion")
    assert set(
        GroupPagePermission.objects.filter(group=central, page=site["home"]).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    council_editors = Group.objects.get(name="Bereichsredaktion Personalrat")
    assert GroupPagePermission.objects.filter(
        group=council_editors, page=site["council"], permission__codename="publish_page"
    ).exists()
    assert planned.strip() in applied

    after = snapshot()
    assert run("--dry-run") == ""
    assert run() == ""
    assert snapshot() == after


def test_changes_are_audited(site):
    run()
    entries = ModelLogEntry.objects.filter(action=LOG_ACTION)
    assert entries.filter(label="Zentrale Redaktion").exists()
    assert any("Seitenrecht" in line for e in entries for line in e.data["changes"])


def test_hand_granted_permission_is_taken_away(site, news_index):
    run()
    decentral = Group.objects.get(name="Redaktion dezentral")
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.create(group=decentral, page=news_index, permission=publish)
    planned = run("--dry-run")
    assert "publish_page" in planned and "entzogen" in planned
    run()
    assert not GroupPagePermission.objects.filter(group=decentral, permission=publish).exists()


def test_setup_editorial_and_apply_roles_agree(site):
    ensure_editorial_setup()
    planned = run("--dry-run")
    for name in ("Zentrale Redaktion", "Redaktion dezentral", "Bereichsredaktion"):
        assert f"„{name}" not in planned, planned
    run()
    remaining = ensure_editorial_setup(dry_run=True).changes
    assert remaining == []


def test_office_intranets_and_apply_roles_agree(site):
    """The office's own sync and the role file describe the same state."""
    office = site["office"]
    planned = run("--dry-run")
    assert office.label not in planned, planned
    run()
    page = OfficeIntranetPage.objects.get(unit=office)
    restriction = PageViewRestriction.objects.get(page=page)
    assert list(restriction.groups.all()) == [office.group]
    assert GroupPagePermission.objects.filter(group=office.editors_group, page=page).count() == 5


def test_staff_council_internal_subtree_is_restricted_when_it_exists(site):
    intern = factories.ContentPageFactory(parent=site["council"], slug="intern", title="Intern")
    run()
    restriction = PageViewRestriction.objects.get(page=intern)
    assert {g.name for g in restriction.groups.all()} == {"Personalrat", "Administration"}
    assert not PageViewRestriction.objects.filter(page=site["council"]).exists()
    assert run("--dry-run") == ""


def write_roles(tmp_path, change):
    data = yaml.safe_load(Path(DEFAULT_FILE).read_text(encoding="utf-8"))
    change(data["roles"])
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _unknown_role(roles):
    roles["staff_council"]["view_restrictions"][0]["also_roles"] = ["hausmeister"]


def _unknown_permission(roles):
    roles["central_editor"]["pages"][0]["permissions"].append("fly")


def _unknown_path(roles):
    roles["staff_council"]["pages"][0] = {
        "subtree": {"path": "/gibt/es/nicht/"},
        "permissions": ["add"],
    }


def _unknown_selector(roles):
    roles["central_editor"]["collections"][0]["collection"] = "keller"


def _misspelt_key(roles):
    roles["area_editor"]["pages"][0]["permisions"] = ["add"]


@pytest.mark.parametrize(
    "change,role,problem",
    [
        (_unknown_role, "staff_council", "hausmeister"),
        (_unknown_permission, "central_editor", "fly"),
        (_unknown_path, "staff_council", "/gibt/es/nicht/"),
        (_unknown_selector, "central_editor", "keller"),
        (_misspelt_key, "area_editor", "permisions"),
    ],
)
def test_bad_file_is_refused_and_nothing_written(site, tmp_path, change, role, problem):
    path = write_roles(tmp_path, change)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("--file", str(path))
    message = str(error.value)
    assert role in message and problem in message and str(path) in message
    assert snapshot() == before


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="nicht lesbar"):
        run("--file", str(tmp_path / "fehlt.yaml"))
