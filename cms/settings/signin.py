"""Sign-in: the directory (LDAP bind), OpenID Connect and SAML 2, each on when
its variables are set (README, „Anmeldung über Verzeichnis und SSO“). Local
passwords (Django's ModelBackend) always stay: the break-glass administrator
and people without a directory account sign in with them."""

import os


def _list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- directory (LDAP / Active Directory); shared with the directory sync ----------
LDAP_URL = os.environ.get("LDAP_URL", "")
# openldap or ad: the defaults of the attribute names and filters below.
LDAP_DIALECT = os.environ.get("LDAP_DIALECT", "openldap").lower()
LDAP_BIND_DN = os.environ.get("LDAP_BIND_DN", "")
LDAP_BIND_PASSWORD = os.environ.get("LDAP_BIND_PASSWORD", "")
LDAP_USER_BASE = os.environ.get("LDAP_USER_BASE", "")
LDAP_GROUP_BASE = os.environ.get("LDAP_GROUP_BASE", "")
# Empty: the dialect's default (signin/conf.py, DIALECT_DEFAULTS).
LDAP_USER_FILTER = os.environ.get("LDAP_USER_FILTER", "")
LDAP_GROUP_FILTER = os.environ.get("LDAP_GROUP_FILTER", "")
LDAP_USERNAME_ATTRIBUTE = os.environ.get("LDAP_USERNAME_ATTRIBUTE", "")
LDAP_ID_ATTRIBUTE = os.environ.get("LDAP_ID_ATTRIBUTE", "")
# An extra filter a password sign-in must pass (AD: not disabled).
LDAP_LOGIN_FILTER = os.environ.get("LDAP_LOGIN_FILTER", "")
LDAP_START_TLS = os.environ.get("LDAP_START_TLS", "0") == "1"
LDAP_TIMEOUT = int(os.environ.get("LDAP_TIMEOUT", "10"))

# --- OpenID Connect ------------------------------------------------------------------
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile groups")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
# The claim that identifies a person for good (the directory's stable id,
# e.g. objectGUID through the provider), the login name and the groups.
OIDC_STABLE_ID_CLAIM = os.environ.get("OIDC_STABLE_ID_CLAIM", "sub")
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
# acr values that mean a second factor (besides amr values such as mfa, otp, hwk).
OIDC_MFA_ACR_VALUES = _list(
    "OIDC_MFA_ACR_VALUES",
    "urn:stadt:acr:mfa,http://schemas.openid.net/pape/policies/2007/06/multi-factor,"
    "https://refeds.org/profile/mfa",
)
OIDC_LABEL = os.environ.get("OIDC_LABEL", "Mit dem Dienstkonto der Stadt anmelden")
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_AUTHENTICATE_CLASS = "signin.oidc.IntranetOIDCRequestView"
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/anmelden/?sso=fehlgeschlagen"

# --- SAML 2 --------------------------------------------------------------------------
# The IdP's metadata: a URL or a file path.
SAML_IDP_METADATA = os.environ.get("SAML_IDP_METADATA", "")
# The intranet's URL as the IdP knows it (empty: from the request).
SAML_SP_BASE_URL = os.environ.get("SAML_SP_BASE_URL", "")
SAML_SP_ENTITY_ID = os.environ.get("SAML_SP_ENTITY_ID", "")
# Key and certificate of the intranet (sign requests, decrypt assertions); optional.
SAML_SP_KEY_FILE = os.environ.get("SAML_SP_KEY_FILE", "")
SAML_SP_CERT_FILE = os.environ.get("SAML_SP_CERT_FILE", "")
SAML_XMLSEC_BINARY = os.environ.get("SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")
# Empty: the persistent NameID is the stable id.
SAML_STABLE_ID_ATTRIBUTE = os.environ.get("SAML_STABLE_ID_ATTRIBUTE", "")
SAML_USERNAME_ATTRIBUTE = os.environ.get("SAML_USERNAME_ATTRIBUTE", "uid")
SAML_GROUPS_ATTRIBUTE = os.environ.get("SAML_GROUPS_ATTRIBUTE", "memberOf")
SAML_MFA_AUTHN_CONTEXTS = _list(
    "SAML_MFA_AUTHN_CONTEXTS",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract,"
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered,"
    "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken,"
    "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard,"
    "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI,"
    "http://schemas.microsoft.com/claims/multipleauthn,"
    "https://refeds.org/profile/mfa",
)
SAML_LABEL = os.environ.get("SAML_LABEL", "Mit dem Dienstkonto der Stadt anmelden (SAML)")
SAML_CONFIG_LOADER = "signin.saml.config_loader"
SAML_SESSION_COOKIE_NAME = "saml_session"
# The IdP posts the assertion from another site: over HTTPS the cookie of the
# outstanding request must be SameSite=None; plain HTTP (local demo) keeps Lax.
SAML_SESSION_COOKIE_SAMESITE = "None" if SAML_SP_BASE_URL.startswith("https://") else "Lax"
SAML_ACS_FAILURE_RESPONSE_FUNCTION = "signin.views.sso_failure"
SAML_CREATE_UNKNOWN_USER = True
# No django-csp here: the SAML views send no scripts; the proxy sets the policy.
SAML_CSP_HANDLER = ""

# --- backends ------------------------------------------------------------------------
SIGNIN_BACKENDS = [
    *(["signin.ldap.IntranetLDAPBackend"] if LDAP_URL else []),
    *(["signin.oidc.IntranetOIDCBackend"] if OIDC_ISSUER and OIDC_RP_CLIENT_ID else []),
    *(["signin.saml.IntranetSaml2Backend"] if SAML_IDP_METADATA else []),
]
# Local passwords last; ModelBackend refuses inactive users on every request.
# The throttle (cms/settings/security.py) comes first, so every backend is throttled.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ThrottleBackend",
    *SIGNIN_BACKENDS,
    "django.contrib.auth.backends.ModelBackend",
]

if LDAP_URL:
    from signin.conf import django_auth_ldap_settings

    globals().update(django_auth_ldap_settings(globals()))
