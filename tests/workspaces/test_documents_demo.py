"""The documents demo: versions, a check-out and comments in the demo
workspaces; a second run changes nothing."""

import pytest

from demo.builders import Recorder
from demo.workspaces import documents as documents_demo
from demo.workspaces.spaces import seed_workspaces
from tests import factories
from workspaces.documents import services
from workspaces.documents.models import CheckOut, DocumentComment, DocumentVersion
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_workspaces(home_page):
    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    for name in ("jugendamt", "mitarbeiter"):
        factories.UserFactory(username=name)
    seed_workspaces(Recorder(), admin)


def test_seed_adds_versions_checkout_and_comments_once(demo_workspaces):
    rec = documents_demo.seed()
    assert rec.changed
    workspace = Workspace.objects.get(page__title="Projekt Digitale Akte")
    document = services.visible_workspace_documents(
        workspace, workspace.memberships.get(role="owner").user
    ).get(title="Feinkonzept E-Akte")
    assert [v.number for v in services.history(document)] == [3, 2, 1]
    assert services.checkout_of(document).user.username == "projekt"
    assert document.workspace_comments.count() == 2
    with services.open_version_file(document, services.get_version(document, 1)) as handle:
        assert handle.read().startswith(b"%PDF")
    counts = (
        DocumentVersion.objects.count(),
        CheckOut.objects.count(),
        DocumentComment.objects.count(),
    )
    again = documents_demo.seed()
    assert not again.changed
    assert (
        DocumentVersion.objects.count(),
        CheckOut.objects.count(),
        DocumentComment.objects.count(),
    ) == counts
