"""Which ways to sign in are configured, for the login page and the URLs."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The message when the identity provider cannot be reached.
PROVIDER_DOWN = _(
    "Der Anmeldedienst der Stadt ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut."
)


def directory_enabled():
    """Password sign-in against the directory (LDAP bind)."""
    return bool(settings.LDAP_URL)


def oidc_enabled():
    """Single sign-on with OpenID Connect."""
    return bool(
        settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET
    )


def saml_enabled():
    """Single sign-on with SAML 2."""
    return bool(settings.SAML_IDP_METADATA)
