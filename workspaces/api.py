"""API of workspaces themselves, mounted at /api/v2/workspaces/."""

urlpatterns = []
