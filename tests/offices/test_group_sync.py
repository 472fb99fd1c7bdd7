"""Groups follow membership: a person is in the group of every unit they
belong to and of every unit above it; office editors have their own group."""

import pytest
from wagtail.models import ModelLogEntry

from offices import services
from offices.models import Membership, OrgUnit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """Dezernat V › Jugendamt › Sachgebiet Kita, and a separate Ordnungsamt."""
    department = factories.OrgUnitFactory(
        code="dez-5", name="Dezernat V", kind=OrgUnit.Kind.DEPARTMENT
    )
    office = factories.OrgUnitFactory(code="amt-51", name="Jugendamt", parent=department)
    team = factories.OrgUnitFactory(
        code="sg-51-1", name="Kita", kind=OrgUnit.Kind.TEAM, parent=office
    )
    other = factories.OrgUnitFactory(code="amt-32", name="Ordnungsamt")
    return department, office, team, other


def _reload(*units):
    return [OrgUnit.objects.get(pk=unit.pk) for unit in units]


def test_every_unit_gets_a_members_group(tree):
    department, office, team, other = _reload(*tree)
    assert office.group.name == "Mitglieder: Jugendamt (amt-51)"
    assert team.group.name == "Mitglieder: Kita (sg-51-1)"
    assert office.editors_group.name == "Redaktion: Jugendamt (amt-51)"
    assert team.editors_group is None, "only offices have an editors group"


def test_member_of_a_team_is_in_the_groups_above(tree, user):
    department, office, team, other = tree
    factories.MembershipFactory(user=user, unit=team)
    department, office, team, other = _reload(*tree)
    groups = set(user.groups.all())
    assert {department.group, office.group, team.group} <= groups
    assert other.group not in groups
    assert office.editors_group not in groups


def test_editors_group_holds_head_deputy_and_editor(tree):
    _, office, team, _ = tree
    head = factories.MembershipFactory(unit=office, function=Membership.Function.HEAD).user
    editor = factories.MembershipFactory(unit=office, function=Membership.Function.EDITOR).user
    plain = factories.MembershipFactory(unit=office).user
    team_head = factories.MembershipFactory(unit=team, function=Membership.Function.HEAD).user
    office = OrgUnit.objects.get(pk=office.pk)
    assert set(office.editors_group.user_set.all()) == {head, editor}
    assert {plain, team_head} <= set(office.group.user_set.all())


def test_function_change_updates_the_editors_group(tree, user):
    _, office, _, _ = tree
    membership = factories.MembershipFactory(user=user, unit=office)
    office = OrgUnit.objects.get(pk=office.pk)
    assert user not in office.editors_group.user_set.all()
    membership.function = Membership.Function.DEPUTY
    membership.save()
    assert user in office.editors_group.user_set.all()
    assert ModelLogEntry.objects.filter(action="offices.membership_changed").exists()


def test_deleting_the_membership_removes_the_groups(tree, user):
    department, office, team, _ = tree
    membership = factories.MembershipFactory(user=user, unit=team)
    membership.delete()
    assert not user.groups.exists()
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {
        "offices.membership_added",
        "offices.membership_removed",
        "offices.group_member_added",
        "offices.group_member_removed",
    } <= actions


def test_membership_in_two_units_keeps_the_shared_ancestor(tree, user):
    department, office, team, _ = tree
    factories.MembershipFactory(user=user, unit=office)
    factories.MembershipFactory(user=user, unit=team).delete()
    department, office, team, _ = _reload(*tree)
    assert set(user.groups.all()) == {department.group, office.group}


def test_moving_a_unit_moves_its_people_between_the_groups_above(tree, user):
    department, office, team, other = tree
    factories.MembershipFactory(user=user, unit=team)
    team = OrgUnit.objects.get(pk=team.pk)
    team.parent = other
    team.save()
    department, office, team, other = _reload(*tree)
    assert set(user.groups.all()) == {team.group, other.group}
    entry = ModelLogEntry.objects.get(action="offices.unit_moved")
    assert entry.data == {"unit": "sg-51-1", "old_parent": "amt-51", "new_parent": "amt-32"}


def test_renaming_a_unit_renames_its_groups(tree):
    _, office, _, _ = tree
    office = OrgUnit.objects.get(pk=office.pk)
    office.name = "Amt für Jugend"
    office.save()
    office.refresh_from_db()
    assert office.group.name == "Mitglieder: Amt für Jugend (amt-51)"


def test_full_sync_repairs_drift_and_is_idempotent(tree, user):
    _, office, team, other = _reload(*tree)
    factories.MembershipFactory(user=user, unit=team)
    user.groups.add(other.group)  # added by hand: the sync takes it away again
    user.groups.remove(office.group)
    changes = services.sync_unit_groups()
    assert changes == {other.group.name: (0, 1), office.group.name: (1, 0)}
    assert services.sync_unit_groups() == {}


def test_suspended_sync_leaves_groups_alone(tree, user):
    _, office, _, _ = tree
    with services.sync_suspended():
        factories.MembershipFactory(user=user, unit=office)
    assert not user.groups.exists()
    services.sync_unit_groups()
    assert user.groups.filter(pk=OrgUnit.objects.get(pk=office.pk).group_id).exists()
