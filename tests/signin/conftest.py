"""The identity servers of the sign-in tests, each started once per session
from the project's scripts, on 127.0.0.1 and free ports in throwaway folders,
and stopped at the end: OpenLDAP (scripts/slapd.sh) with directory.ldif, the
OpenID Connect provider (scripts/identity/oidc-op.sh) and SimpleSAMLphp
(scripts/identity/saml-idp.sh), both checking passwords against that slapd,
and a live server of the intranet for the browser flows."""

import os
import subprocess
from pathlib import Path

import pytest

from signin.conf import django_auth_ldap_settings

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
# The one-time code the test provider accepts as a second factor.
OTP_CODE = "246810"
# The person SimpleSAMLphp reports a second factor for.
SAML_MFA_USER = "sabine"
LOGIN_FILTER = "(!(userAccountControl:1.2.840.113556.1.4.803:=2))"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def password(uid):
    """The password of a person of directory.ldif."""
    return f"{uid}-Passwort-1"


def _service(script, state, env):
    """Start a service script; returns the variables of its state file."""
    result = subprocess.run(
        ["bash", str(ROOT / script), "start"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"{script} start: {result.stderr[-2000:]}")
    values = {}
    for line in Path(state).read_text().splitlines():
        name, _, value = line.partition("=")
        values[name] = value
    return values


def _stop(script, env):
    subprocess.run(["bash", str(ROOT / script), "stop"], env={**os.environ, **env}, timeout=60)


@pytest.fixture(scope="session")
def directory(tmp_path_factory):
    """The test slapd with directory.ldif; yields its LDAP_* variables."""
    state = tmp_path_factory.mktemp("slapd") / "slapd.env"
    env = {"SLAPD_STATE_FILE": str(state), "LDIF": str(HERE / "directory.ldif")}
    values = _service("scripts/slapd.sh", state, env)
    values["LDAP_LOGIN_FILTER"] = LOGIN_FILTER
    yield values
    _stop("scripts/slapd.sh", env)


def ldap_settings(directory):
    """The intranet's settings for password sign-in against ``directory``."""
    values = {
        "LDAP_URL": directory["LDAP_URL"],
        "LDAP_DIALECT": "openldap",
        "LDAP_BIND_DN": directory["LDAP_BIND_DN"],
        "LDAP_BIND_PASSWORD": directory["LDAP_BIND_PASSWORD"],
        "LDAP_USER_BASE": directory["LDAP_USER_BASE"],
        "LDAP_GROUP_BASE": directory["LDAP_GROUP_BASE"],
        "LDAP_LOGIN_FILTER": LOGIN_FILTER,
    }
    return {**values, **django_auth_ldap_settings(values)}


def _directory_env(directory):
    return {
        name: directory[name]
        for name in ("LDAP_URL", "LDAP_BIND_DN", "LDAP_BIND_PASSWORD", "LDAP_USER_BASE")
    } | {"LDAP_LOGIN_FILTER": LOGIN_FILTER}


@pytest.fixture(scope="session")
def intranet_server(django_db_setup, django_db_blocker):
    """A live server of the intranet on 127.0.0.1 (the IdPs must know its
    URL before they start); yields the URL."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oidc_provider(directory, intranet_server, tmp_path_factory):
    """The OpenID Connect provider for the live server; yields OIDC_* variables."""
    state = tmp_path_factory.mktemp("oidc-op") / "op.env"
    env = {
        **_directory_env(directory),
        "OP_STATE_FILE": str(state),
        "OP_REDIRECT_URIS": f"{intranet_server}/oidc/callback/",
        "OP_OTP_CODE": OTP_CODE,
    }
    yield _service("scripts/identity/oidc-op.sh", state, env)
    _stop("scripts/identity/oidc-op.sh", env)


@pytest.fixture(scope="session")
def saml_idp(directory, intranet_server, tmp_path_factory):
    """SimpleSAMLphp for the live server; yields SAML_IDP_METADATA."""
    state = tmp_path_factory.mktemp("saml-idp") / "ssp.env"
    env = {
        **_directory_env(directory),
        "SSP_STATE_FILE": str(state),
        "SP_BASE_URLS": intranet_server,
        "SSP_MFA_USERS": SAML_MFA_USER,
    }
    yield _service("scripts/identity/saml-idp.sh", state, env)
    _stop("scripts/identity/saml-idp.sh", env)


@pytest.fixture
def offices(db):
    """The org units the directory groups map to."""
    from tests.factories import OrgUnitFactory

    return {
        "amt-51": OrgUnitFactory(code="amt-51", name="Jugendamt"),
        "amt-32": OrgUnitFactory(code="amt-32", name="Ordnungsamt"),
    }


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright (as tests/browser does)."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} fehlt: scripts/browser.sh installiert Debians Chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context (no cookies) and page for one test."""
    context = chromium.new_context(locale="de-DE")
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sso_settings(settings, directory, oidc_provider, saml_idp):
    """The intranet configured for all three: directory, OIDC and SAML."""
    for name, value in ldap_settings(directory).items():
        setattr(settings, name, value)
    settings.OIDC_ISSUER = oidc_provider["OIDC_ISSUER"]
    settings.OIDC_RP_CLIENT_ID = oidc_provider["OIDC_CLIENT_ID"]
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider["OIDC_CLIENT_SECRET"]
    settings.SAML_IDP_METADATA = saml_idp["SAML_IDP_METADATA"]
    settings.AUTHENTICATION_BACKENDS = [
        "signin.ldap.IntranetLDAPBackend",
        "signin.oidc.IntranetOIDCBackend",
        "signin.saml.IntranetSaml2Backend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    return settings
