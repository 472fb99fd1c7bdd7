"""API of the notification centre, mounted at /api/v2/notifications/."""

urlpatterns = []
