"""Password sign-in against the directory (LDAP bind to the test slapd): the
right password signs in and brings the offices of the directory groups; a
wrong password, a disabled or expired directory account and a deactivated
intranet account are refused with the one message that never says whether
the account exists; local passwords stay for the break-glass administrator."""

from django.contrib.auth import get_user_model

import pytest

from offices.models import Membership
from tests.factories import UserFactory
from tests.signin.conftest import ldap_settings, password

pytestmark = pytest.mark.django_db
GENERIC = "Bitte Benutzername und Passwort eingeben."


@pytest.fixture
def directory_login(settings, directory, offices):
    """The intranet with password sign-in against the directory."""
    for name, value in ldap_settings(directory).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "signin.ldap.IntranetLDAPBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    return settings


def sign_in(client, username, secret):
    return client.post("/anmelden/", {"username": username, "password": secret})


def error_of(response):
    """The error box of the login page (the part that differs between attempts)."""
    html = response.content.decode()
    start = html.index('id="login-errors"')
    return html[start : html.index("</div>", start)]


def test_right_password_signs_in_with_the_offices_of_the_groups(client, directory_login):
    response = sign_in(client, "erika", password("erika"))
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user_model().objects.get(username="erika")
    assert (user.first_name, user.last_name, user.email) == (
        "Erika",
        "Mustermann",
        "erika.mustermann@stadt.test",
    )
    # The directory password stays in the directory.
    assert not user.has_usable_password()
    # amt-51 through the nested group amt-51-asd.
    assert list(Membership.objects.filter(user=user).values_list("unit__code", "function")) == [
        ("amt-51", "member")
    ]
    assert user.groups.filter(org_unit__code="amt-51").exists()
    assert client.get("/profil/").status_code == 200


def test_the_directory_entry_brings_its_stable_id(directory_login):
    import uuid

    from django.contrib.auth import authenticate

    from signin.ldap import stable_id

    user = authenticate(username="erika", password=password("erika"))
    assert uuid.UUID(stable_id(user.ldap_user, "entryUUID"))


def test_second_sign_in_finds_the_same_user(client, directory_login):
    sign_in(client, "erika", password("erika"))
    client.logout()
    assert sign_in(client, "Erika", password("erika")).status_code == 302
    assert get_user_model().objects.filter(username__iexact="erika").count() == 1


@pytest.mark.parametrize(
    ("username", "secret"),
    [
        ("erika", "falsch"),  # wrong password
        ("niemand", "irgendwas"),  # no such account
        ("willi", password("willi")),  # disabled in the directory (userAccountControl 514)
        ("ute", password("ute")),  # expired in the directory (accountExpires 2020)
    ],
)
def test_refused_sign_ins_all_look_alike(client, directory_login, username, secret):
    response = sign_in(client, username, secret)
    assert response.status_code == 200
    assert GENERIC in error_of(response)
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username=username).exists()


def test_no_message_tells_an_account_from_a_missing_one(client, directory_login):
    UserFactory(username="lokal", password="lokal-Passwort-1")
    errors = {
        error_of(sign_in(client, name, secret))
        for name, secret in [
            ("erika", "falsch"),
            ("niemand", "falsch"),
            ("willi", password("willi")),
            ("lokal", "falsch"),
        ]
    }
    assert len(errors) == 1


def test_deactivated_in_the_intranet_is_refused_with_the_right_password(client, directory_login):
    sign_in(client, "erika", password("erika"))
    client.logout()
    get_user_model().objects.filter(username="erika").update(is_active=False)
    response = sign_in(client, "erika", password("erika"))
    assert response.status_code == 200 and GENERIC in error_of(response)
    assert not get_user_model().objects.get(username="erika").is_active


def test_local_password_still_works_beside_the_directory(client, directory_login):
    UserFactory(username="notfall", password="Notfall-Passwort-1", is_superuser=True)
    assert sign_in(client, "notfall", "Notfall-Passwort-1").status_code == 302
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"


def test_unreachable_directory_refuses_politely(client, directory_login):
    directory_login.AUTH_LDAP_SERVER_URI = "ldap://127.0.0.1:9"
    response = sign_in(client, "erika", password("erika"))
    assert response.status_code == 200 and GENERIC in error_of(response)
