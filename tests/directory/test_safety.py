"""Bad input changes nothing: an unreachable directory, a run that would
deactivate too many people, a malformed mapping file, a dry run. Matching by
the stable id survives a renamed account and a changed e-mail address."""

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest

from directory.models import DirectoryAccount, SyncState
from directory.sync import run_sync
from offices.models import Membership

from .generator import UNITS_OU

pytestmark = pytest.mark.django_db

User = get_user_model()


def snapshot():
    return (
        sorted(User.objects.values_list("username", "is_active", "email")),
        sorted(Membership.objects.values_list("user__username", "unit__code", "function")),
        SyncState.objects.values_list("high_water_mark", flat=True).first(),
    )


def test_unreachable_directory_changes_nothing(directory, units, settings):
    run_sync(full=True)
    before = snapshot()
    settings.LDAP_URL = "ldap://127.0.0.1:9"  # nothing listens there
    with pytest.raises(CommandError, match="nicht erreichbar.*nichts geändert"):
        call_command("sync_directory", "--full")
    settings.LDAP_URL = directory["LDAP_URL"]
    settings.LDAP_BIND_PASSWORD = "falsch"
    with pytest.raises(CommandError, match="lehnt das Dienstkonto"):
        call_command("sync_directory", "--full")
    assert snapshot() == before


def test_empty_answer_changes_nothing(directory, units, settings):
    run_sync(full=True)
    before = snapshot()
    settings.LDAP_USER_FILTER = "(uid=niemand-heisst-so)"
    with pytest.raises(CommandError, match="keine Personen"):
        call_command("sync_directory", "--full")
    assert snapshot() == before


def test_guard_refuses_mass_deactivation(directory, units, settings):
    run_sync(full=True)
    before = snapshot()
    # A mistyped filter that finds only a fraction of the people.
    settings.LDAP_USER_FILTER = "(&(objectClass=inetOrgPerson)(uid=u000*))"
    with pytest.raises(CommandError, match="würde .* deaktivieren .*mehr als 5 %"):
        call_command("sync_directory", "--full")
    assert snapshot() == before


def test_dry_run_writes_nothing(directory, units, capsys):
    call_command("sync_directory", "--dry-run")
    out = capsys.readouterr().out
    assert "Probelauf" in out and "Neu angelegt: " in out
    assert not User.objects.exists()
    assert not Membership.objects.exists()
    assert not DirectoryAccount.objects.exists()
    assert not SyncState.objects.exists()


def test_malformed_mapping_names_the_line(directory, units, settings, tmp_path):
    path = tmp_path / "directory.yaml"
    path.write_text(
        "version: 1\nrules:\n  - group: cn=a,ou=groups,dc=stadt,dc=test\n    unit: amt-101\n"
        "  - pattern: '^cn=(?P<code>x'\n    unit: '{code}'\n",
        encoding="utf-8",
    )
    settings.DIRECTORY_CONFIG = str(path)
    with pytest.raises(CommandError, match=r"Zeile 5: „pattern“ ist kein gültiger"):
        call_command("sync_directory")
    path.write_text("version: 1\nrules:\n  - group: [\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Zeile \d+: kein gültiges YAML"):
        call_command("sync_directory")
    path.write_text(
        "version: 1\nrules:\n  - group: cn=a,dc=stadt,dc=test\n    role: office_member\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Zeile 3: Rolle „office_member“ hat keine feste Gruppe"):
        call_command("sync_directory")
    path.write_text(
        "version: 1\nrules:\n  - group: cn=a,dc=stadt,dc=test\n    unit: x\n    function: chef\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Zeile 3: unbekannte Funktion „chef“"):
        call_command("sync_directory")
    assert not User.objects.exists()


def test_rename_and_new_mail_keep_the_account(directory, directory_edit, units, city):
    run_sync(full=True)
    person = next(p for p in city.people if p.active and p.unit == "amt-105" and not p.trainee)
    user = User.objects.get(username=person.uid)
    memberships = set(user.memberships.values_list("unit__code", "function"))
    directory_edit.replace(person.dn, "mail", ["neu.name@stadt.test"])
    directory_edit.rename(person.dn, f"uid={person.uid}x")

    report = run_sync()

    assert (person.uid, f"{person.uid}x") in report.renamed
    user.refresh_from_db()
    assert (user.username, user.email, user.is_active) == (
        f"{person.uid}x",
        "neu.name@stadt.test",
        True,
    )
    assert set(user.memberships.values_list("unit__code", "function")) == memberships
    assert not report.created and not report.deactivated
    # refint moved the group member to the new DN; the next full run agrees.
    assert f"uid={person.uid}x" in str(
        directory_edit.conn.search_s(f"cn=amt-105,{UNITS_OU}", 0, attrlist=["member"])
    )
    assert not run_sync(full=True).deactivated
