"""Reader views of this tool, relative to ``<workspace-url><tool>/``; each
view is called as ``view(request, workspace_page, **kwargs)``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
]
