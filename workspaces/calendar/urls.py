"""Reader views of this tool, relative to ``<workspace-url><tool>/``; each
view is called as ``view(request, workspace_page, **kwargs)``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.event_new, name="event_new"),
    path("termin/<int:pk>/", views.event_detail, name="event"),
    path("termin/<int:pk>/bearbeiten/", views.event_edit, name="event_edit"),
    path("termin/<int:pk>/loeschen/", views.event_delete, name="event_delete"),
    path("umfragen/", views.polls, name="polls"),
    path("umfragen/neu/", views.poll_new, name="poll_new"),
    path("umfragen/<int:pk>/", views.poll_detail, name="poll"),
    path("abonnieren/", views.subscribe, name="subscribe"),
]
