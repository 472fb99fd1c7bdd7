"""manage.py directory_ldif writes the people and org units as LDIF that a real
slapd loads: people bind with the given password, carry their fixed entryUUID,
and are members of their unit and function groups (the layout of
config/directory.yaml)."""

from django.core.management import CommandError, call_command

import ldap
import pytest

from signin.management.commands.directory_ldif import entry_uuid
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory
from tests.signin.conftest import _service, _stop

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(db):
    unit = OrgUnitFactory(code="amt-51", name="Jugendamt")
    chef = UserFactory(username="c.meier", first_name="Christina", last_name="Meier")
    MembershipFactory(user=chef, unit=unit, function="head")
    MembershipFactory(user=UserFactory(username="jugendamt", first_name="Sabine"), unit=unit)
    UserFactory(username="weg", is_active=False)


def test_the_ldif_loads_into_slapd_and_people_sign_in_there(demo_people, tmp_path):
    ldif = tmp_path / "people.ldif"
    call_command("directory_ldif", output=str(ldif), password="Demo-Passwort-1")
    state = tmp_path / "slapd.env"
    env = {"SLAPD_STATE_FILE": str(state), "LDIF": str(ldif)}
    values = _service("scripts/slapd.sh", state, env)
    try:
        ldap.initialize(values["LDAP_URL"]).simple_bind_s(
            "uid=c.meier,ou=people,dc=stadt,dc=test", "Demo-Passwort-1"
        )
        # The groups are read as the intranet reads them: with the service account.
        connection = ldap.initialize(values["LDAP_URL"])
        connection.simple_bind_s(values["LDAP_BIND_DN"], values["LDAP_BIND_PASSWORD"])
        ((dn, attrs),) = connection.search_s(
            "uid=c.meier,ou=people,dc=stadt,dc=test",
            ldap.SCOPE_BASE,
            attrlist=["entryUUID", "memberOf", "givenName"],
        )
        assert attrs["entryUUID"] == [entry_uuid("c.meier").encode()]
        assert attrs["givenName"] == [b"Christina"]
        assert sorted(attrs["memberOf"]) == [
            b"cn=amt-51,ou=einheiten,ou=groups,dc=stadt,dc=test",
            b"cn=amt-51-leitung,ou=funktionen,ou=groups,dc=stadt,dc=test",
        ]
        with pytest.raises(ldap.INVALID_CREDENTIALS):
            ldap.initialize(values["LDAP_URL"]).simple_bind_s(
                "uid=jugendamt,ou=people,dc=stadt,dc=test", "falsch"
            )
    finally:
        _stop("scripts/slapd.sh", env)
    text = ldif.read_text()
    assert "uid=weg," not in text  # deactivated accounts are not in the directory


def test_bad_output_folder_is_a_clear_error(demo_people, tmp_path):
    with pytest.raises(CommandError, match="Ordner fehlt"):
        call_command("directory_ldif", output=str(tmp_path / "nicht" / "da.ldif"))


def test_is_deterministic(demo_people, tmp_path):
    first, second = tmp_path / "a.ldif", tmp_path / "b.ldif"
    call_command("directory_ldif", output=str(first))
    call_command("directory_ldif", output=str(second))
    assert first.read_text() == second.read_text()
