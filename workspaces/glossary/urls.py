"""Reader views of the glossary, relative to ``<workspace-url>glossar/``; each
view is called as ``view(request, workspace_page, **kwargs)``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("<int:pk>/loeschen/", views.delete, name="delete"),
]
