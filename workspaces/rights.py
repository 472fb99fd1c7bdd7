"""The workspaces' rights provider: every workspace is an instance of the
role file's ``per: workspace`` roles (config/roles.yaml, cms/rights).

A workspace's groups by slot are ``owner``, ``member`` and ``reader``; its
page and collection are its WorkspacePage and collection. A public
workspace is not ``restricted`` (every employee reads it, so its nodes
carry no view restriction), and only an active one is ``editable``
(archived and to-be-deleted workspaces keep reading rights only)."""

from cms.rights.registry import Instance, RightsProvider

from .models import Workspace


class WorkspaceRights(RightsProvider):
    """Workspaces, with their owner, member and reader groups."""

    per = "workspace"
    slots = ("owner", "member", "reader")
    page_selector = "workspace_page"
    collection_selector = "workspace_collection"

    @staticmethod
    def _instance(workspace, ensure):
        from . import services

        if ensure:
            services.ensure_groups(workspace)
            services.ensure_collection(workspace)
        return Instance(
            key=f"workspace:{workspace.pk}",
            label=workspace.page.title,
            groups={
                "owner": workspace.owner_group,
                "member": workspace.member_group,
                "reader": workspace.reader_group,
            },
            pages=[workspace.page],
            collection=workspace.collection,
            restricted=workspace.is_restricted,
            editable=workspace.is_active,
        )

    def instances(self, ensure=True):
        """Every workspace; with ``ensure`` its groups and collection are created first."""
        for workspace in Workspace.objects.select_related(
            "page", "owner_group", "member_group", "reader_group", "collection"
        ):
            yield self._instance(workspace, ensure)

    def instance(self, workspace, ensure=True):
        """The instance of one workspace."""
        return self._instance(workspace, ensure)
