"""Who reaches the Wagtail admin through a workspace: only its owners.
Members and readers use the workspace tools on the reader's site; the admin
is a reading channel of its own (issue 11, §1 and §6)."""

import pytest

from workspaces import services
from workspaces.models import Workspace, WorkspaceMembership

from .conftest import fresh


@pytest.mark.parametrize("name", ["member", "reader"])
def test_plain_workspace_members_do_not_get_the_admin(client, workspaces, people, name):
    """A member or reader of every kind of workspace is turned away from /admin/."""
    client.force_login(fresh(people[name]))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert not fresh(people[name]).has_perm("wagtailadmin.access_admin")


def test_workspace_owner_gets_the_admin(client, workspaces, people):
    """The owner edits the workspace pages in the admin."""
    client.force_login(fresh(people["owner"]))
    assert client.get("/admin/").status_code == 200


def test_demoted_owner_loses_the_admin(client, workspaces, people):
    """Stepping down from owner to member takes the admin away again."""
    other = people["gast"]
    for workspace in Workspace.objects.all():
        services.set_member(workspace, other, WorkspaceMembership.Role.OWNER)
        services.set_member(workspace, people["owner"], WorkspaceMembership.Role.MEMBER)
    client.force_login(fresh(people["owner"]))
    assert client.get("/admin/").status_code in (302, 403)
