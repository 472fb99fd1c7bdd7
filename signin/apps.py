"""Sign-in: password against the directory (LDAP bind), single sign-on with
OpenID Connect and SAML 2, local passwords for the break-glass administrator
and people without a directory account."""

from django.apps import AppConfig


class SigninConfig(AppConfig):
    """The sign-in app; connects the login signal that records an SSO second factor."""

    name = "signin"
    verbose_name = "Anmeldung"

    def ready(self):
        from . import signals  # noqa: F401
