"""Single sign-on in Chromium against real identity providers: the node
OpenID Connect provider and SimpleSAMLphp, both checking the password against
the test slapd. The person clicks the button on the login page, signs in at
the provider and comes back signed in, created with the offices of the
directory groups; a provider that used a second factor marks the session."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore

import pytest

from offices.models import Membership
from tests.signin.conftest import OTP_CODE, password

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def session_of(page):
    """The intranet session of the browser (from its cookie)."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return SessionStore(session_key=cookie["value"]).load()


def offices_of(username):
    return set(
        Membership.objects.filter(user__username=username).values_list("unit__code", flat=True)
    )


def start(page, server, label):
    page.goto(f"{server}/anmelden/?next=/profil/")
    page.get_by_role("link", name=label, exact=True).click()


def oidc_login(page, username, secret, code=""):
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(secret)
    if code:
        page.get_by_label("Einmalcode").fill(code)
    page.get_by_role("button", name="Anmelden").click()


def saml_login(page, username, secret):
    page.wait_for_selector("#username")
    page.fill("#username", username)
    page.fill("#password", secret)
    page.press("#password", "Enter")


def test_oidc_sign_in_creates_the_user_with_the_offices_of_the_groups_claim(
    browser_page, intranet_server, sso_settings, offices
):
    start(browser_page, intranet_server, settings.OIDC_LABEL)
    browser_page.wait_for_url(f"{settings.OIDC_ISSUER}/interaction/**")
    oidc_login(browser_page, "erika", password("erika"))
    browser_page.wait_for_url(f"{intranet_server}/profil/")
    user = get_user_model().objects.get(username="erika")
    assert (user.first_name, user.email) == ("Erika", "erika.mustermann@stadt.test")
    assert offices_of("erika") == {"amt-51"}
    session = session_of(browser_page)
    assert session["_auth_user_backend"] == "signin.oidc.IntranetOIDCBackend"
    assert "intranet_mfa" not in session


def test_oidc_second_factor_at_the_provider_marks_the_session(
    browser_page, intranet_server, sso_settings, offices
):
    start(browser_page, intranet_server, settings.OIDC_LABEL)
    oidc_login(browser_page, "sabine", password("sabine"), code=OTP_CODE)
    browser_page.wait_for_url(f"{intranet_server}/profil/")
    assert session_of(browser_page)["intranet_mfa"] == "sso"
    assert offices_of("sabine") == {"amt-51"}


def test_oidc_wrong_password_and_disabled_account_stay_at_the_provider(
    browser_page, intranet_server, sso_settings, offices
):
    start(browser_page, intranet_server, settings.OIDC_LABEL)
    oidc_login(browser_page, "erika", "falsch")
    message = browser_page.get_by_role("alert")
    assert message.inner_text() == "Benutzername oder Passwort ist falsch."
    oidc_login(browser_page, "willi", password("willi"))
    assert message.inner_text() == "Benutzername oder Passwort ist falsch."
    assert browser_page.url.startswith(settings.OIDC_ISSUER)
    assert not get_user_model().objects.filter(username__in=["erika", "willi"]).exists()


def test_saml_sign_in_creates_the_user_with_the_offices_of_memberof(
    browser_page, intranet_server, sso_settings, offices
):
    start(browser_page, intranet_server, settings.SAML_LABEL)
    saml_login(browser_page, "thomas", password("thomas"))
    browser_page.wait_for_url(f"{intranet_server}/profil/")
    user = get_user_model().objects.get(username="thomas")
    assert (user.last_name, user.email) == ("Schmitt", "thomas.schmitt@stadt.test")
    assert offices_of("thomas") == {"amt-32"}
    session = session_of(browser_page)
    assert session["_auth_user_backend"] == "signin.saml.IntranetSaml2Backend"
    assert "intranet_mfa" not in session


def test_saml_second_factor_in_the_authn_context_marks_the_session(
    browser_page, intranet_server, sso_settings, offices
):
    start(browser_page, intranet_server, settings.SAML_LABEL)
    saml_login(browser_page, "sabine", password("sabine"))
    browser_page.wait_for_url(f"{intranet_server}/profil/")
    assert session_of(browser_page)["intranet_mfa"] == "sso"


def test_saml_deactivated_account_is_refused_with_a_german_message(
    browser_page, intranet_server, sso_settings, offices
):
    from tests.factories import UserFactory

    UserFactory(username="erika", is_active=False)
    start(browser_page, intranet_server, settings.SAML_LABEL)
    saml_login(browser_page, "erika", password("erika"))
    browser_page.wait_for_url(f"{intranet_server}/anmelden/**")
    assert "Die Anmeldung über das Dienstkonto ist fehlgeschlagen" in browser_page.content()
    assert not get_user_model().objects.get(username="erika").is_active


def test_one_person_through_both_providers_is_one_user(
    browser_page, intranet_server, sso_settings, offices
):
    start(browser_page, intranet_server, settings.OIDC_LABEL)
    oidc_login(browser_page, "erika", password("erika"))
    browser_page.wait_for_url(f"{intranet_server}/profil/")
    browser_page.context.clear_cookies()
    start(browser_page, intranet_server, settings.SAML_LABEL)
    saml_login(browser_page, "erika", password("erika"))
    browser_page.wait_for_url(f"{intranet_server}/profil/")
    assert get_user_model().objects.filter(username="erika").count() == 1
