"""Creating workspaces: page, starter pages, groups, restrictions and rights
per kind; lifecycle (archive, deletion with grace period, purge)."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

import pytest
from wagtail.models import (
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
)

from cms.models import IntranetDocument
from workspaces import services
from workspaces.models import Workspace, WorkspaceIndexPage, WorkspaceMembership

from .conftest import fresh

pytestmark = pytest.mark.django_db


def page_rights(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def collection_rights(group, collection):
    return set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission__codename", flat=True
        )
    )


@pytest.mark.parametrize("kind", Workspace.Kind.values)
def test_creation_per_kind(workspaces, kind):
    workspace = workspaces[kind]
    page = workspace.page
    assert isinstance(page.get_parent().specific, WorkspaceIndexPage)
    assert [p.title for p in page.get_children()] == ["Projektplan", "Protokolle"]
    restriction = PageViewRestriction.objects.filter(page=page).first()
    collection_restriction = CollectionViewRestriction.objects.filter(
        collection=workspace.collection
    ).first()
    if kind == Workspace.Kind.PUBLIC:
        assert restriction is None and collection_restriction is None
    else:
        expected = {workspace.owner_group, workspace.member_group, workspace.reader_group}
        assert set(restriction.groups.all()) == expected
        assert set(collection_restriction.groups.all()) == expected
    assert page_rights(workspace.owner_group, page) == {"add_page", "change_page", "publish_page"}
    assert page_rights(workspace.member_group, page) == {"add_page", "change_page"}
    assert page_rights(workspace.reader_group, page) == set()
    assert "change_document" in collection_rights(workspace.owner_group, workspace.collection)
    assert collection_rights(workspace.member_group, workspace.collection) >= {"add_document"}
    assert collection_rights(workspace.reader_group, workspace.collection) == set()


def test_membership_is_group_membership(workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    assert fresh(people["owner"]).groups.filter(pk=workspace.owner_group.pk).exists()
    assert fresh(people["reader"]).groups.filter(pk=workspace.reader_group.pk).exists()
    services.set_member(workspace, people["reader"], WorkspaceMembership.Role.MEMBER)
    groups = set(fresh(people["reader"]).groups.all())
    assert workspace.member_group in groups and workspace.reader_group not in groups
    services.remove_member(workspace, people["reader"])
    assert not set(fresh(people["reader"]).groups.all()) & set(workspace.groups())


def test_last_owner_cannot_leave(workspaces, people):
    from django.core.exceptions import ValidationError

    workspace = workspaces[Workspace.Kind.PRIVATE]
    with pytest.raises(ValidationError):
        services.remove_member(workspace, people["owner"])
    with pytest.raises(ValidationError):
        services.set_member(workspace, people["owner"], WorkspaceMembership.Role.MEMBER)


def test_archive_is_read_only_and_reactivation_restores(workspaces, people, client):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    services.set_status(workspace, Workspace.Status.ARCHIVED)
    for group in workspace.groups():
        assert page_rights(group, workspace.page) == set()
        assert collection_rights(group, workspace.collection) == set()
    # Still readable by members …
    client.force_login(people["member"])
    response = client.get(workspace.page.url)
    assert response.status_code == 200
    assert "archiviert" in response.content.decode()
    # … but no upload any more.
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.txt", b"Text", content_type="text/plain")
    url = workspace.page.url + workspace.page.reverse_subpage("upload")
    assert client.post(url, {"file": upload}).status_code == 403
    services.set_status(workspace, Workspace.Status.ACTIVE)
    assert page_rights(workspace.member_group, workspace.page) == {"add_page", "change_page"}


def test_deletion_grace_period_and_purge(workspaces, people, client):
    workspace = workspaces[Workspace.Kind.SECRET]
    services.set_status(workspace, Workspace.Status.SCHEDULED_FOR_DELETION)
    workspace.refresh_from_db()
    assert workspace.delete_after == timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(people["owner"])
    body = client.get(workspace.page.url).content.decode()
    assert "endgültig gelöscht" in body
    assert services.purge_due() == []  # not yet due

    Workspace.objects.filter(pk=workspace.pk).update(
        delete_after=timezone.localdate() - datetime.timedelta(days=1)
    )
    out = io.StringIO()
    call_command("purge_workspaces", "--dry-run", stdout=out)
    assert "Haushalt 2027" in out.getvalue()
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    collection_id, page_id = workspace.collection_id, workspace.page_id
    call_command("purge_workspaces", stdout=io.StringIO())
    assert not Workspace.objects.filter(pk=workspace.pk).exists()
    assert not IntranetDocument.objects.filter(collection_id=collection_id).exists()
    from wagtail.models import Page

    assert not Page.objects.filter(pk=page_id).exists()
    # The other workspaces are untouched.
    assert Workspace.objects.count() == 2


def test_templates_lay_out_their_tools(home_page, people):
    committee = services.create_workspace(
        "Personalausschuss", Workspace.Kind.PRIVATE, Workspace.Template.COMMITTEE, people["owner"]
    )
    assert [p.title for p in committee.page.get_children()] == ["Sitzungen", "Beschlüsse"]


def test_starter_pages_never_take_a_tool_address():
    """A starter page with a tool's slug would be hidden behind the tool's route."""
    from workspaces.services import TEMPLATE_PAGES
    from workspaces.tools import TOOLS

    slugs = {slug for pages in TEMPLATE_PAGES.values() for slug, _title, _summary in pages}
    assert slugs
    assert not slugs & set(TOOLS)
