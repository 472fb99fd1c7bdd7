"""API of this tool, mounted at /api/v2/workspaces/<workspace_id>/."""

urlpatterns = []
