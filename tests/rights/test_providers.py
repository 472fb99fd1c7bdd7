"""The rights providers the apps register, and applying one instance alone."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail.models import GroupPagePermission, PageViewRestriction

from cms.rights import apply_instance, registry
from workspaces import services
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def test_offices_areas_and_workspaces_register_their_providers():
    providers = registry.providers()
    assert providers["office"].slots == ("members", "editors")
    assert providers["workspace"].slots == ("owner", "member", "reader")
    assert "area_label" in providers["area"].variables
    assert type(providers["office"]).__module__ == "offices.rights"
    assert type(providers["workspace"]).__module__ == "workspaces.rights"
    assert type(providers["area"]).__module__ == "home.rights"
    assert "start_page" in registry.page_selectors()


def test_workspace_instance_carries_groups_page_collection_kind_and_status(workspaces):
    provider = registry.provider("workspace")
    public = provider.instance(workspaces[Workspace.Kind.PUBLIC], ensure=False)
    secret = provider.instance(workspaces[Workspace.Kind.SECRET], ensure=False)
    assert not public.restricted and secret.restricted and secret.editable
    assert secret.groups["owner"] == workspaces[Workspace.Kind.SECRET].owner_group
    assert secret.pages == [workspaces[Workspace.Kind.SECRET].page]
    assert secret.collection == workspaces[Workspace.Kind.SECRET].collection


def _queries(workspace):
    with CaptureQueriesContext(connection) as queries:
        apply_instance("workspace", Workspace.objects.get(pk=workspace.pk))
    return len(queries)


def test_one_workspace_is_applied_alone_and_cheaply(workspaces, people):
    """Applying one workspace touches only its own groups and costs the
    same however many other workspaces exist."""
    target = workspaces[Workspace.Kind.PRIVATE]
    few = _queries(target)
    for number in range(4):
        services.create_workspace(
            f"Weiterer Raum {number}", Workspace.Kind.SECRET, Workspace.Template.PROJECT, None
        )
    other = workspaces[Workspace.Kind.SECRET]
    GroupPagePermission.objects.filter(group=other.member_group).delete()
    assert _queries(target) == few
    # The other workspace was left alone: its missing rights are still missing.
    assert not GroupPagePermission.objects.filter(group=other.member_group).exists()
    assert PageViewRestriction.objects.filter(page=target.page).count() == 1
    assert apply_instance("workspace", other)  # and its own run repairs it
