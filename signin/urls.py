"""The login page and the endpoints of single sign-on; the SSO endpoints answer
404 while their method is not configured. All are open to anonymous users."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from djangosaml2 import views as saml_views
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from . import methods
from .oidc import IntranetOIDCRequestView
from .views import SamlLoginView, SigninView, only_if

oidc = only_if(methods.oidc_enabled)
saml = only_if(methods.saml_enabled)


def open_view(view, guard=None):
    """The view without the intranet's login requirement (and behind ``guard``)."""
    return login_not_required(guard(view) if guard else view)


urlpatterns = [
    path("anmelden/", open_view(SigninView.as_view()), name="login"),
    path(
        "oidc/authenticate/",
        open_view(IntranetOIDCRequestView.as_view(), oidc),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        open_view(OIDCAuthenticationCallbackView.as_view(), oidc),
        name="oidc_authentication_callback",
    ),
    path("saml2/login/", open_view(SamlLoginView.as_view(), saml), name="saml2_login"),
    path(
        "saml2/acs/",
        open_view(saml_views.AssertionConsumerServiceView.as_view(), saml),
        name="saml2_acs",
    ),
    path(
        "saml2/metadata/", open_view(saml_views.MetadataView.as_view(), saml), name="saml2_metadata"
    ),
    path("saml2/ls/", open_view(saml_views.LogoutView.as_view(), saml), name="saml2_ls"),
    path("saml2/ls/post/", open_view(saml_views.LogoutView.as_view(), saml), name="saml2_ls_post"),
]
