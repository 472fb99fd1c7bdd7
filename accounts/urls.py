"""Site URLs of the accounts app (included at the root by cms/urls.py)."""

from django.urls import path

from . import invitations, views

app_name = "accounts"

urlpatterns = [
    path("profil/sicherheit/", views.security_view, name="security"),
    path("profil/sicherheit/bestaetigen/", views.verify_view, name="verify"),
    path("profil/sicherheit/app/", views.enrol_view, name="enrol"),
    path(
        "profil/sicherheit/wiederherstellungscodes/",
        views.recovery_codes_view,
        name="recovery_codes",
    ),
    path(
        "profil/sicherheit/ueberall-abmelden/",
        views.logout_everywhere_view,
        name="logout_everywhere",
    ),
    path("profil/einladungen/", invitations.issue_view, name="invitations"),
    path("einladung/", invitations.activate_view, name="activate"),
]
