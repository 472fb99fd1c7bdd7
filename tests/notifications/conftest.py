"""Fixtures: the workspaces of tests/workspaces (one per kind, with owner,
member, reader and the outsider ``gast``) and a notification helper."""

import pytest

from cms.notifications.models import Kind
from cms.notifications.services import notify
from tests.workspaces.conftest import fresh, people, workspaces  # noqa: F401

SECRET_TITLE = "Entwurf Stellenabbau Bauhof 2027"


@pytest.fixture
def private(workspaces):  # noqa: F811
    """The private workspace „Digitale Akte“."""
    return workspaces["private"]


@pytest.fixture
def leaky(private, people):  # noqa: F811
    """A new-document notification for ``member`` about the private workspace,
    with a title nobody outside it may read."""
    (notification,) = notify(
        [people["member"]],
        Kind.DOCUMENT,
        SECRET_TITLE,
        url=private.page.url,
        page=private.page,
        collection=private.collection,
        actor=people["owner"],
    )
    return notification


def login(client, user):
    """``client`` signed in as a freshly loaded ``user``."""
    client.force_login(fresh(user))
    return client
