"""Invitations: issued by an office's administration for its units,
activated once into a local account with the unit's membership and a
second factor to enrol; used, expired and unknown codes get one answer."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Invitation
from offices.models import Membership
from tests import factories

from .conftest import OUTSIDE, current_code

pytestmark = pytest.mark.django_db

REFUSED = "Der Einladungscode ist ungültig, abgelaufen oder wurde schon benutzt."


@pytest.fixture
def office():
    amt = factories.OrgUnitFactory(code="amt-51", name="Jugendamt", kind="office")
    kita = factories.OrgUnitFactory(
        code="kita-1", name="Kita Sonnenschein", kind="team", parent=amt
    )
    return amt, kita


@pytest.fixture
def head(office):
    amt, _kita = office
    user = factories.UserFactory(username="leitung")
    factories.MembershipFactory(user=user, unit=amt, function="head")
    return user


def _issue(client, unit, days=14):
    return client.post(
        "/profil/einladungen/", {"unit": unit.pk, "label": "Frau Sommer", "valid_days": days}
    )


def _activate(client, code, username="sommer"):
    return client.post(
        "/einladung/",
        {
            "code": code,
            "username": username,
            "first_name": "Sabine",
            "last_name": "Sommer",
            "password1": "Kita-Sonne-2026!",
            "password2": "Kita-Sonne-2026!",
        },
    )


def test_life_cycle_issue_activate_enrol_and_reuse_refused(client, office, head):
    amt, kita = office
    client.force_login(head)
    issued = _issue(client, kita)
    assert issued.status_code == 200
    code = issued.context["issued"]["code"]
    invitation = Invitation.objects.get()
    assert code.replace("-", "") not in invitation.code_hash  # only a digest is stored
    client.logout()

    # Activation from outside (a day-care centre): account, membership, enrolment.
    person = Client(REMOTE_ADDR=OUTSIDE)
    response = _activate(person, code.lower())
    assert response.status_code == 302
    assert response["Location"] == "/profil/sicherheit/app/"
    user = get_user_model().objects.get(username="sommer")
    assert user.check_password("Kita-Sonne-2026!")
    assert Membership.objects.filter(user=user, unit=kita, function="member").exists()
    invitation.refresh_from_db()
    assert invitation.used_by == user and invitation.used_at

    # Nothing else before a factor is enrolled.
    assert person.get("/profil/")["Location"].startswith("/profil/sicherheit/app/")
    assert person.get("/profil/sicherheit/app/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert person.post("/profil/sicherheit/app/", {"code": current_code(device)}).status_code == 200
    assert person.get("/profil/").status_code == 200

    # The code is spent.
    again = _activate(Client(), code, username="nochmal")
    assert again.status_code == 400
    assert REFUSED in again.content.decode()


def test_expired_used_and_unknown_codes_get_the_same_answer(office, head):
    _amt, kita = office
    expired, expired_code = Invitation.issue(unit=kita, created_by=head)
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    used, used_code = Invitation.issue(unit=kita, created_by=head)
    used.used_at = timezone.now()
    used.save()
    answers = [
        _activate(Client(), code, username=f"p{number}")
        for number, code in enumerate([expired_code, used_code, "ABCD-EFGH-JKMN", "kurz"])
    ]
    assert {answer.status_code for answer in answers} == {400}
    for answer in answers:
        assert REFUSED in answer.content.decode()
    assert not get_user_model().objects.filter(username__startswith="p").exists()


def test_only_an_offices_administration_issues_for_its_units(client, office, head):
    amt, kita = office
    other = factories.OrgUnitFactory(code="amt-32", name="Ordnungsamt", kind="office")
    client.force_login(head)
    assert _issue(client, other).status_code == 400  # not one of the choices
    assert _issue(client, kita, days=99).status_code == 400  # longer than allowed
    assert not Invitation.objects.exists()

    member = factories.UserFactory(username="mitglied")
    factories.MembershipFactory(user=member, unit=amt, function="member")
    client.force_login(member)
    assert client.get("/profil/einladungen/").status_code == 403


def test_wrong_codes_are_throttled(settings, office):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR=OUTSIDE)
    statuses = [_activate(client, "ABCD-EFGH-JKMN").status_code for _ in range(4)]
    assert statuses[:2] == [400, 400]
    assert statuses[2:] == [429, 429]
    assert "Anmeldeversuche" in _activate(client, "ABCD-EFGH-JKMN").content.decode()
