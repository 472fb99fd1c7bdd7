"""iCal feeds for calendar programs, mounted at /ical/ outside the login
(calendar programs cannot sign in); a secret per-user token in the URL
identifies the reader."""

urlpatterns = []
