"""The login page with every configured way to sign in, and the German
answer to a failed single sign-on."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from djangosaml2 import views as saml_views

from . import methods
from .methods import PROVIDER_DOWN

SSO_FAILED = _(
    "Die Anmeldung über das Dienstkonto ist fehlgeschlagen. Bitte versuchen Sie es erneut "
    "oder wenden Sie sich an den IT-Service."
)


class SigninView(auth_views.LoginView):
    """Django's login view (local and directory passwords, one message for
    every failure) with the single sign-on buttons that are configured."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        """Adds ``sso`` (label and URL per configured provider) and ``directory``."""
        context = super().get_context_data(**kwargs)
        query = urlencode({"next": context.get("next")}) if context.get("next") else ""
        from django.conf import settings

        sso = []
        if methods.oidc_enabled():
            sso.append(
                {
                    "key": "oidc",
                    "label": settings.OIDC_LABEL,
                    "url": reverse("oidc_authentication_init"),
                }
            )
        if methods.saml_enabled():
            sso.append({"key": "saml", "label": settings.SAML_LABEL, "url": reverse("saml2_login")})
        for entry in sso:
            if query:
                entry["url"] += "?" + query
        context["sso"] = sso
        context["directory"] = methods.directory_enabled()
        context["sso_failed"] = self.request.GET.get("sso") == "fehlgeschlagen"
        return context


def sso_failure(request, exception=None, status=403, **kwargs):
    """djangosaml2's ACS failure answer: back to the login page with a German
    message (the reason goes to the log, not to the person)."""
    messages.error(request, SSO_FAILED)
    return redirect(reverse("login"))


def only_if(enabled):
    """A view that answers 404 while its sign-in method is not configured."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not enabled():
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


class SamlLoginView(saml_views.LoginView):
    """djangosaml2's start of the sign-in; an IdP whose metadata cannot be
    read sends the person back to the login page with a German message."""

    def get(self, request, *args, **kwargs):
        """Redirect to the IdP."""
        from .saml import config_loader

        try:
            config_loader(request)
        except Exception:  # noqa: BLE001 (pysaml2 raises many kinds for unreadable metadata)
            import logging

            logging.getLogger(__name__).exception("SAML IdP metadata unreadable")
            messages.error(
                request,
                PROVIDER_DOWN,
            )
            return redirect("login")
        return super().get(request, *args, **kwargs)
