"""A deactivated account's open session stops working at once, whichever
backend signed the person in: every backend's get_user checks is_active, and
the middleware logs out what another backend let through."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BACKENDS = [
    "signin.ldap.IntranetLDAPBackend",
    "signin.oidc.IntranetOIDCBackend",
    "signin.saml.IntranetSaml2Backend",
    "django.contrib.auth.backends.ModelBackend",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_deactivation_ends_the_open_session(client, settings, backend):
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.LDAP_ID_ATTRIBUTE = "entryUUID"
    user = UserFactory(username="erika")
    client.force_login(user, backend=backend)
    assert client.get("/profil/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/profil/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_middleware_logs_out_what_a_lenient_backend_lets_through(client, settings):
    lenient = "django.contrib.auth.backends.AllowAllUsersModelBackend"
    settings.AUTHENTICATION_BACKENDS = [lenient]
    user = UserFactory(username="erika")
    client.force_login(user, backend=lenient)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/profil/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    # The session itself is gone, not only this request's user.
    assert "_auth_user_id" not in client.session
