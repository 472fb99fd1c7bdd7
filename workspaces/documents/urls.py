"""Reader views of this tool, relative to ``<workspace-url>dokumente/``; each
view is called as ``view(request, workspace_page, **kwargs)``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/auschecken/", views.checkout, name="checkout"),
    path("<int:pk>/einchecken/", views.checkin, name="checkin"),
    path("<int:pk>/neue-version/", views.new_version, name="new_version"),
    path("<int:pk>/kommentare/", views.comment, name="comment"),
    path("<int:pk>/versionen/<int:number>/", views.version_file, name="version_file"),
    path(
        "<int:pk>/versionen/<int:number>/wiederherstellen/",
        views.version_restore,
        name="version_restore",
    ),
]
