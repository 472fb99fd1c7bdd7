"""URLs of the API under /api/v2/ that are not Wagtail endpoints."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from search.api import SearchAPIView, SuggestAPIView

from .schema import DocsView, SchemaView
from .views import MeView, TokenView

urlpatterns = [
    path("auth/token/", login_not_required(TokenView.as_view()), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("search/", SearchAPIView.as_view(), name="api-search"),
    path("search/suggest/", SuggestAPIView.as_view(), name="api-search-suggest"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
]
