"""URLs of the API under /api/v2/ that are not Wagtail endpoints."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from search.api import SearchAPIView, SuggestAPIView

from .schema import DocsView, SchemaView
from .views import MeView, TokenView

urlpatterns = [
    path("auth/token/", login_not_required(TokenView.as_view()), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("search/", SearchAPIView.as_view(), name="api-search"),
    path("search/suggest/", SuggestAPIView.as_view(), name="api-search-suggest"),
    path("notifications/", include("cms.notifications.api")),
    path("workspaces/", include("workspaces.api")),
    path("workspaces/<int:workspace_id>/", include("workspaces.documents.api")),
    path("workspaces/<int:workspace_id>/", include("workspaces.calendar.api")),
    path("workspaces/<int:workspace_id>/", include("workspaces.discussions.api")),
    path("workspaces/<int:workspace_id>/", include("workspaces.glossary.api")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
]
