"""Reader URLs of the offices app, mounted at /profil/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.profile_view, name="profile"),
]
