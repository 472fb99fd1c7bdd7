"""Fixtures: one workspace of each kind, with an owner, a member, a reader
and an outsider (``gast``)."""

import pytest

from tests import factories
from workspaces import services
from workspaces.models import Workspace, WorkspaceMembership


@pytest.fixture
def people(db):
    return {
        name: factories.UserFactory(username=name) for name in ("owner", "member", "reader", "gast")
    }


@pytest.fixture
def workspaces(home_page, people):
    """{kind: Workspace} with owner/member/reader in each and a document in each collection."""
    result = {}
    for kind, title in (
        (Workspace.Kind.PUBLIC, "Gesundheit"),
        (Workspace.Kind.PRIVATE, "Digitale Akte"),
        (Workspace.Kind.SECRET, "Haushalt 2027"),
    ):
        workspace = services.create_workspace(
            title, kind, Workspace.Template.PROJECT, people["owner"]
        )
        services.set_member(workspace, people["member"], WorkspaceMembership.Role.MEMBER)
        services.set_member(workspace, people["reader"], WorkspaceMembership.Role.READER)
        factories.DocumentFactory(collection=workspace.collection, title=f"Datei {title}")
        result[kind] = Workspace.objects.get(pk=workspace.pk)
    return result


def fresh(user):
    """The user reloaded, without cached restriction answers."""
    return type(user).objects.get(pk=user.pk)
