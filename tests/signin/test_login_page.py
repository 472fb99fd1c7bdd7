"""The login page offers what is configured, in German; the SSO endpoints of
a method that is not configured do not exist, and a provider that cannot be
reached sends the person back with a German message."""

import pytest

pytestmark = pytest.mark.django_db


def test_without_sso_only_the_password_form(client, settings):
    settings.OIDC_ISSUER = settings.SAML_IDP_METADATA = settings.LDAP_URL = ""
    html = client.get("/anmelden/").content.decode()
    assert 'name="password"' in html
    assert "Single Sign-on" not in html
    assert "Bitte melden Sie sich mit Ihrem Benutzernamen und Passwort an." in html
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/saml2/login/").status_code == 404
    assert client.get("/saml2/metadata/").status_code == 404


def test_configured_methods_are_offered(client, settings):
    settings.LDAP_URL = "ldap://127.0.0.1:9"
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "intranet", "geheim"
    settings.SAML_IDP_METADATA = "/nicht/da.xml"
    html = client.get("/anmelden/?next=/profil/").content.decode()
    assert "Mit dem Dienstkonto (Single Sign-on)" in html
    assert 'href="/oidc/authenticate/?next=%2Fprofil%2F"' in html
    assert 'href="/saml2/login/?next=%2Fprofil%2F"' in html
    assert "Passwort Ihres Dienstkontos" in html
    assert 'name="password"' in html


@pytest.mark.parametrize("url", ["/oidc/authenticate/", "/saml2/login/"])
def test_unreachable_provider_answers_in_german(client, settings, url):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "intranet", "geheim"
    settings.SAML_IDP_METADATA = "http://127.0.0.1:9/metadata.xml"
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].startswith("/anmelden/")
    assert "Der Anmeldedienst der Stadt ist gerade nicht erreichbar." in response.content.decode()


def test_failed_oidc_callback_shows_the_german_message(client):
    html = client.get("/anmelden/?sso=fehlgeschlagen").content.decode()
    assert "Die Anmeldung über das Dienstkonto ist fehlgeschlagen." in html
