"""Single sign-on with OpenID Connect (mozilla-django-oidc): code flow with
PKCE, the endpoints found through the issuer's discovery document, the user
matched by a stable claim (``sub`` or a configured one, never the e-mail
address), offices from the groups claim, and a second factor recognised from
``amr``/``acr``."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect

import requests
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from . import identity
from .methods import PROVIDER_DOWN

logger = logging.getLogger(__name__)

# Endpoint settings of mozilla-django-oidc → keys of the discovery document.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# amr values (RFC 8176) that mean more than a password.
MFA_AMR = {"mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "retina", "vbm", "sc"}


class ProviderUnavailable(Exception):
    """The identity provider's discovery document could not be read."""


def discovery():
    """The issuer's ``/.well-known/openid-configuration`` (cached for an hour)."""
    issuer = settings.OIDC_ISSUER.rstrip("/")
    key = f"signin:oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration",
                timeout=getattr(settings, "OIDC_TIMEOUT", 10),
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from error
        if document.get("issuer", "").rstrip("/") != issuer:
            raise ProviderUnavailable(f"issuer mismatch: {document.get('issuer')!r}")
        cache.set(key, document, 3600)
    return document


def oidc_setting(attr, *args):
    """A mozilla-django-oidc setting; an endpoint not set explicitly comes
    from the discovery document."""
    if attr in DISCOVERED and not getattr(settings, attr, None):
        return discovery()[DISCOVERED[attr]]
    return import_from_settings(attr, *args)


def provider_says_mfa(claims):
    """Whether the ID token says a second factor was used: an ``amr`` value
    beyond the password, or an ``acr`` listed in OIDC_MFA_ACR_VALUES."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if MFA_AMR & {str(value).lower() for value in amr}:
        return True
    return bool(claims.get("acr")) and claims["acr"] in settings.OIDC_MFA_ACR_VALUES


class IntranetOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc with the intranet's rules (see the module docstring)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Django builds a backend for every authenticate() and every request's
        # get_user(); the library's __init__ would read the provider's
        # endpoints each time (a network call when the discovery cache is
        # cold, an error for password logins while the provider is down).
        # They are read when a code flow needs them instead.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))

    def authenticate(self, request, **kwargs):
        """The code flow's callback (other sign-ins pass through); a provider
        that cannot be reached refuses the sign-in instead of failing."""
        # Only the callback view passes a nonce; password sign-ins end here.
        if request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (ProviderUnavailable, requests.RequestException) as error:
            logger.warning("OIDC sign-in failed, provider unavailable: %s", error)
            return None

    def verify_claims(self, claims):
        """Only a person with a stable id and a login name may sign in."""
        return bool(claims.get(settings.OIDC_STABLE_ID_CLAIM)) and bool(self._username(claims))

    def _username(self, claims):
        return str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()

    def _person(self, claims):
        values = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        return identity.Person(
            stable_id=str(claims[settings.OIDC_STABLE_ID_CLAIM]),
            username=self._username(claims),
            email=claims.get("email") or "",
            first_name=claims.get("given_name") or "",
            last_name=claims.get("family_name") or "",
            groups=[values] if isinstance(values, str) else list(values),
            source="oidc",
        )

    def get_or_create_user(self, access_token, id_token, payload):
        """The user by stable id (created or updated through signin.identity);
        marks the user for the session flag when the ID token says MFA."""
        claims = self.get_userinfo(access_token, id_token, payload)
        # The ID token's own claims (amr, acr, sub) count over userinfo's.
        claims = {**claims, **payload}
        if not self.verify_claims(claims):
            logger.warning("OIDC sign-in refused: claims without a stable id or login name")
            return None
        user = identity.sign_in(self._person(claims))
        if user is not None:
            user.signin_mfa = provider_says_mfa(payload)
        return user

    def get_user(self, user_id):
        """The session's user, only while active (the library's own does not check)."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


class IntranetOIDCRequestView(OIDCAuthenticationRequestView):
    """The start of the code flow; an unreachable provider sends the person
    back to the login page with a German message instead of an error page."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The library reads the endpoint in __init__; read it per request instead.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        """Redirect to the provider (PKCE and nonce as configured)."""
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as error:
            logger.warning("OIDC provider unavailable: %s", error)
            messages.error(
                request,
                PROVIDER_DOWN,
            )
            return redirect("login")
        return super().get(request)
