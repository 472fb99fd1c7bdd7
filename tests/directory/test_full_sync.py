"""A full sync from the generated directory creates the people with their
attributes, memberships (nested groups included) and roles, skips disabled
and expired accounts, pages past the size limit, and a second run changes
nothing."""

from django.contrib.auth import get_user_model

import pytest

from directory.models import DirectoryAccount
from directory.sync import run_sync
from offices.models import Membership

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_full_sync_creates_people_memberships_and_roles(directory, units, city):
    report = run_sync(full=True)

    active = [p for p in city.people if p.active]
    assert report.people_read == len(city.people) > 1000  # paged past the size limit
    assert len(report.created) == len(active)
    assert sorted(report.skipped) == sorted(p.uid for p in city.people if not p.active)
    assert DirectoryAccount.objects.count() == len(active)

    special = {
        *city.heads.values(),
        *sum(city.editors.values(), []),
        *sum(city.nested_editors.values(), []),
    }
    person = next(p for p in active if not p.trainee and p.uid not in special)
    user = User.objects.get(username=person.uid)
    account = user.directory_account
    assert (user.first_name, user.last_name, user.email) == (
        person.first_name,
        person.last_name,
        f"{person.uid}@stadt.test",
    )
    assert account.employee_number == f"P{person.uid[1:]}"
    assert account.office == person.unit
    assert len(account.external_id) == 36  # entryUUID
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, unit__code=person.unit, function="member").exists()
    # The unit's members group is kept in step by the org structure.
    assert user.groups.filter(pk=units[person.unit].group_id).exists()


def test_nested_groups_count(directory, units, city):
    run_sync(full=True)
    trainee = next(p for p in city.people if p.trainee and p.active)
    office = "amt-" + trainee.unit.split("-")[1] if trainee.unit.startswith("sg-") else trainee.unit
    # amt-…-azubis is a member of the office's group, not mapped itself.
    assert Membership.objects.filter(user__username=trainee.uid, unit__code=office).exists()

    amt, (nested_editor,) = next(iter(city.nested_editors.items()))
    assert Membership.objects.get(user__username=nested_editor, unit__code=amt).function == "editor"
    assert Membership.objects.get(user__username=city.heads[amt], unit__code=amt).function == "head"

    central = User.objects.get(username=city.central_editors[0])
    assert central.groups.filter(name="Zentrale Redaktion").exists()


def test_second_run_changes_nothing(directory, units):
    run_sync(full=True)
    again = run_sync(full=True)
    assert not again.has_changes
    incremental = run_sync()
    assert not incremental.has_changes
