"""Reader views of the notification centre, mounted at /benachrichtigungen/."""

urlpatterns = []
