"""Regression (issue 11, §6): the role file's workspace roles are real.
``apply_roles`` stamps ``workspace_owner``, ``workspace_member`` and
``workspace_reader`` out for every workspace and produces exactly the
rights the workspace services produce; members get no admin access."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command

import pytest
from wagtail.models import (
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
)

from cms.rights.roles import load_roles
from workspaces import services
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("apply_roles", *args, stdout=out)
    return out.getvalue()


def workspace_rights(workspaces):
    """Everything about the workspaces' groups, pages and collections that
    the rights applier writes, in comparable form."""
    groups = [g for w in workspaces.values() for g in Workspace.objects.get(pk=w.pk).groups()]
    pages = [w.page_id for w in workspaces.values()]
    collections = [w.collection_id for w in workspaces.values()]
    return {
        "page rights": sorted(
            GroupPagePermission.objects.filter(group__in=groups).values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "collection rights": sorted(
            GroupCollectionPermission.objects.filter(group__in=groups).values_list(
                "group__name", "collection_id", "permission__codename"
            )
        ),
        "model rights": sorted(
            Group.permissions.through.objects.filter(group__in=groups).values_list(
                "group__name", "permission__codename"
            )
        ),
        "page restrictions": sorted(
            PageViewRestriction.objects.filter(page_id__in=pages).values_list(
                "page_id", "restriction_type", "groups__name"
            )
        ),
        "collection restrictions": sorted(
            CollectionViewRestriction.objects.filter(collection_id__in=collections).values_list(
                "collection_id", "restriction_type", "groups__name"
            )
        ),
    }


@pytest.fixture
def mixed(workspaces):
    """The three kinds, plus the private one archived."""
    services.set_status(workspaces[Workspace.Kind.PRIVATE], Workspace.Status.ARCHIVED)
    return {kind: Workspace.objects.get(pk=w.pk) for kind, w in workspaces.items()}


def test_the_role_file_has_the_three_workspace_roles():
    roles = load_roles()
    assert {roles[key]["group"] for key in ("workspace_owner", "workspace_member")} == {
        "owner",
        "member",
    }
    assert roles["workspace_reader"]["group"] == "reader"
    assert roles["workspace_owner"].get("admin_access") is True
    assert not roles["workspace_member"].get("admin_access")
    assert not roles["workspace_reader"].get("admin_access")


def test_apply_roles_keeps_what_the_services_set(mixed):
    """The services and apply_roles describe the same state: nothing to do."""
    before = workspace_rights(mixed)
    planned = run("--dry-run")
    for workspace in mixed.values():
        assert workspace.page.title not in planned, planned
    run()
    assert workspace_rights(mixed) == before


def test_apply_roles_restores_the_workspace_rights_from_the_file(mixed):
    """Wipe the rights of every workspace group: apply_roles brings back
    exactly what the services had set (on the old code it touched no
    workspace, because its group fields never matched)."""
    wanted = workspace_rights(mixed)
    groups = [g for w in mixed.values() for g in w.groups()]
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()
    Group.permissions.through.objects.filter(group__in=groups).delete()
    PageViewRestriction.objects.filter(page__in=[w.page for w in mixed.values()]).delete()
    assert workspace_rights(mixed) != wanted

    changes = run()

    assert "Verantwortliche" in changes
    assert workspace_rights(mixed) == wanted
    assert run("--dry-run") == ""


def test_members_and_readers_get_no_admin_and_readers_no_rights(mixed, people):
    run()
    active = mixed[Workspace.Kind.SECRET]
    assert active.owner_group.permissions.filter(codename="access_admin").exists()
    assert not active.member_group.permissions.exists()
    assert not active.reader_group.permissions.exists()
    assert not GroupPagePermission.objects.filter(group=active.reader_group).exists()
    assert set(
        GroupPagePermission.objects.filter(group=active.owner_group).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page"}
    assert set(
        GroupPagePermission.objects.filter(group=active.member_group).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page"}


def test_public_and_archived_workspaces_follow_kind_and_status(mixed):
    run()
    public, archived = mixed[Workspace.Kind.PUBLIC], mixed[Workspace.Kind.PRIVATE]
    assert not PageViewRestriction.objects.filter(page=public.page).exists()
    assert not CollectionViewRestriction.objects.filter(collection=public.collection).exists()
    restriction = PageViewRestriction.objects.get(page=archived.page)
    assert set(restriction.groups.all()) == set(archived.groups())
    assert not GroupPagePermission.objects.filter(group__in=archived.groups()).exists()
    assert not GroupCollectionPermission.objects.filter(group__in=archived.groups()).exists()
    # A hand-made restriction on a public workspace is taken away again.
    PageViewRestriction.objects.create(page=public.page, restriction_type="login")
    assert "aufgehoben" in run()
    assert not PageViewRestriction.objects.filter(page=public.page).exists()
