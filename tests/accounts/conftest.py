"""Fixtures of the sign-in security tests: addresses inside and outside,
people with and without a second factor, real TOTP codes."""

from django.test import Client

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

INSIDE = "127.0.0.1"
OUTSIDE = "203.0.113.7"


def current_code(device):
    """The code an authenticator app shows right now for ``device``."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def admin_mfa(settings):
    """The admin asks publishers and rights holders for a second factor (as
    in production; the other suites switch it off)."""
    settings.MFA_REQUIRED_FOR_ADMIN = True


@pytest.fixture
def outside_client(db):
    """A browser outside the internal networks."""
    return Client(REMOTE_ADDR=OUTSIDE)


@pytest.fixture
def person(db):
    """An employee with a password („pw“) and no factor."""
    return factories.UserFactory(username="kim", first_name="Kim", last_name="Berger")


@pytest.fixture
def person_with_app(person):
    """``person`` with a confirmed authenticator app."""
    TOTPDevice.objects.create(user=person, name="App", confirmed=True)
    return person


@pytest.fixture
def security_officer(db):
    """Someone with the security-log role's permission."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Informationssicherheit")
    group.permissions.add(
        Permission.objects.get(codename="view_security_log"),
        Permission.objects.get(codename="access_admin"),
    )
    user = factories.UserFactory(username="isb")
    user.groups.add(group)
    return user


def sign_in(client, username, password="pw", **extra):
    """Sign in through the site's login form."""
    return client.post("/anmelden/", {"username": username, "password": password}, **extra)
