"""Reader views of discussions, relative to ``<workspace-url>diskussionen/``;
each view is called as ``view(request, workspace_page, **kwargs)``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.new_thread, name="new"),
    path("<int:thread_id>/", views.thread_view, name="thread"),
    path("<int:thread_id>/abonnement/", views.subscription, name="subscription"),
    path("<int:thread_id>/moderation/", views.moderate_thread, name="moderate_thread"),
    path("<int:thread_id>/beitraege/<int:post_id>/bearbeiten/", views.edit_post, name="edit"),
    path("<int:thread_id>/beitraege/<int:post_id>/verlauf/", views.history, name="history"),
    path(
        "<int:thread_id>/beitraege/<int:post_id>/moderation/",
        views.moderate_post,
        name="moderate_post",
    ),
]
