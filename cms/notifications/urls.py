"""Reader views of the notification centre, mounted at /benachrichtigungen/."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/gelesen/", views.mark_read_view, name="mark_read"),
    path("alle-gelesen/", views.mark_all_read_view, name="mark_all_read"),
    path("einstellungen/", views.preferences_view, name="preferences"),
]
