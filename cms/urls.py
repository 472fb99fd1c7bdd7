"""The URL map of the intranet."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views
from cms.admin_views import admin_view_urls
from cms.api import errors as api_errors
from cms.api.router import api_router
from cms.downloads import document_urlpatterns

urlpatterns = [
    *document_urlpatterns,
    path("django-admin/", admin.site.urls),
    # Wagtail's reports, narrowed by the permission core (before the admin's
    # own URLs).
    *admin_view_urls,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("bilder/<int:rendition_id>/", views.image_rendition, name="image_rendition"),
    # The login page („anmelden/“) and the single sign-on endpoints.
    path("", include("signin.urls")),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("suche/", include("search.urls")),
    path("benachrichtigungen/", include("cms.notifications.urls")),
    # Sign-in security (/profil/sicherheit/…), invitations, passkey ceremonies.
    path("", include("accounts.urls")),
    path("webauthn/", include("accounts.webauthn_urls")),
    path("profil/", include("offices.urls")),
    path("ical/", include("workspaces.calendar.feeds")),
    path("api/v2/", include("cms.api.urls")),
    path("api/v2/", api_router.urls),
    # Whatever else is under /api/ answers a JSON 404, never the site's page.
    re_path(r"^api/", api_errors.not_found),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = api_errors.page_not_found
handler500 = api_errors.server_error

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    # Static files only; uploaded media are never served from MEDIA_URL.
    urlpatterns += staticfiles_urlpatterns()

urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
