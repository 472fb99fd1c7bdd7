"""The workspace fixtures of tests/workspaces: one workspace of each kind
with an owner, a member, a reader and an outsider."""

from tests.workspaces.conftest import people, workspaces  # noqa: F401
