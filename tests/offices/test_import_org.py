"""``manage.py import_org``: one CSV file with units and members."""

import io

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest

from offices.models import Membership, OrgUnit
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "type,code,name,short_name,kind,parent,phone,username,first_name,last_name,email,function"
GOOD = f"""{HEADER}
member,amt-51,,,,,,jmueller,Julia,Müller,j.mueller@stadt.example,head
unit,amt-51,Jugendamt,51,office,dez-5,0521 51-0,,,,jugendamt@stadt.example,
unit,dez-5,Dezernat V,V,department,,,,,,,
unit,sg-51-1,Sachgebiet Kita,51.1,team,amt-51,,,,,,
member,sg-51-1,,,,,,kschmidt,Karl,Schmidt,,member
member,amt-51,,,,,,rredlich,Rita,Redlich,,Redaktion
unit,amt-32,Ordnungsamt,32,Amt,dez-5,,,,,,
member,amt-32,,,,,,oordnung,Otto,Ordnung,,
"""


def run(tmp_path, text, *args):
    """Run the command on ``text``; returns (stdout, stderr)."""
    path = tmp_path / "org.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_org", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    """Everything the import may write, for "nothing changed" checks."""
    return (
        sorted(OrgUnit.objects.values_list("code", "name", "kind", "parent__code")),
        sorted(get_user_model().objects.values_list("username", "first_name", "email")),
        sorted(Membership.objects.values_list("user__username", "unit__code", "function")),
    )


def test_import_creates_units_people_memberships_and_groups(tmp_path):
    out, _ = run(tmp_path, GOOD)
    assert "Einheiten neu: 4" in out
    office = OrgUnit.objects.get(code="amt-51")
    assert office.parent.code == "dez-5"
    assert office.kind == OrgUnit.Kind.OFFICE
    assert OrgUnit.objects.get(code="amt-32").kind == OrgUnit.Kind.OFFICE  # German label
    karl = get_user_model().objects.get(username="kschmidt")
    assert not karl.has_usable_password()
    assert karl.groups.filter(pk=office.group_id).exists(), "members of a team are in the office"
    assert set(office.editors_group.user_set.values_list("username", flat=True)) == {
        "jmueller",
        "rredlich",
    }
    assert Membership.objects.get(user__username="oordnung").function == "member"


def test_second_run_reports_no_changes(tmp_path):
    run(tmp_path, GOOD)
    before = snapshot()
    out, _ = run(tmp_path, GOOD)
    assert "Keine Änderungen." in out
    assert snapshot() == before


def test_dry_run_writes_nothing(tmp_path):
    before = snapshot()
    out, _ = run(tmp_path, GOOD, "--dry-run")
    assert "Einheiten neu: 4" in out
    assert "Probelauf" in out
    assert snapshot() == before
    assert not OrgUnit.objects.exists()


def test_changes_are_reported_and_applied(tmp_path):
    run(tmp_path, GOOD)
    changed = (
        GOOD.replace(
            "unit,amt-51,Jugendamt,51,office,dez-5", "unit,amt-51,Amt für Jugend,51,office,"
        )
        .replace("kschmidt,Karl,Schmidt,,member", "kschmidt,Karl,Schmidt,,deputy")
        .replace("jmueller,Julia,Müller,j.mueller@", "jmueller,Julia,Meier,j.mueller@")
    )
    out, _ = run(tmp_path, changed)
    assert "Einheiten geändert: 1" in out and "amt-51: name" in out
    assert "Einheiten verschoben: 1" in out and "amt-51: dez-5 → –" in out
    assert "Personen geändert: 1" in out
    assert "Mitgliedschaften geändert: 1" in out
    office = OrgUnit.objects.get(code="amt-51")
    assert office.parent is None
    karl = get_user_model().objects.get(username="kschmidt")
    dez = OrgUnit.objects.get(code="dez-5")
    assert not karl.groups.filter(pk=dez.group_id).exists(), "moved out of the department"


def test_missing_memberships_are_kept_unless_pruned(tmp_path):
    run(tmp_path, GOOD)
    office = OrgUnit.objects.get(code="amt-51")
    extra = factories.MembershipFactory(unit=office)
    outside = factories.MembershipFactory(unit=factories.OrgUnitFactory(code="amt-99"))
    out, _ = run(tmp_path, GOOD)
    assert "Nicht in der Datei, beibehalten (mit --prune entfernen): 1" in out
    assert Membership.objects.filter(pk=extra.pk).exists()

    out, _ = run(tmp_path, GOOD, "--prune", "--dry-run")
    assert "Mitgliedschaften entfernt: 1" in out
    assert Membership.objects.filter(pk=extra.pk).exists()

    out, _ = run(tmp_path, GOOD, "--prune")
    assert "Mitgliedschaften entfernt: 1" in out
    assert not Membership.objects.filter(pk=extra.pk).exists()
    assert not extra.user.groups.filter(pk=office.group_id).exists()
    assert Membership.objects.filter(pk=outside.pk).exists(), "units not in the file stay"


def test_semicolon_separated_file_with_bom(tmp_path):
    text = "\ufeff" + GOOD.replace(",", ";")
    run(tmp_path, text)
    assert OrgUnit.objects.count() == 4


def test_progress_for_large_files(tmp_path):
    rows = [f"member,amt-51,,,,,,person{n},,,,member" for n in range(250)]
    out, _ = run(tmp_path, GOOD + "\n".join(rows) + "\n")
    # 4 units + 254 people + 254 memberships, reported in steps
    assert "… 512 von 512" in out
    assert OrgUnit.objects.get(code="amt-51").group.user_set.count() == 253


BAD_ROWS = {
    "unknown parent": ("unit,amt-1,Amt 1,,office,gibt-es-nicht,,,,,,", "Unbekannte übergeordnete"),
    "cycle": ("unit,a,A,,office,b,,,,,,\nunit,b,B,,office,a,,,,,,", "Zyklus"),
    "self parent": ("unit,a,A,,office,a,,,,,,", "Zyklus"),
    "unknown kind": ("unit,amt-1,Amt 1,,behörde,,,,,,,", "Unbekannte Art"),
    "unknown function": (
        "unit,amt-1,Amt 1,,office,,,,,,,\nmember,amt-1,,,,,,x,,,,chef",
        "Unbekannte Funktion",
    ),
    "duplicate code": (
        "unit,amt-1,Amt 1,,office,,,,,,,\nunit,amt-1,Amt 1b,,office,,,,,,,",
        "doppelt",
    ),
    "bad e-mail": ("unit,amt-1,Amt 1,,office,,,,,,keine-mail,", "Ungültige E-Mail"),
    "unknown unit of member": ("member,amt-77,,,,,,x,,,,member", "Unbekannte Einheit"),
    "missing name": ("unit,amt-1,,,office,,,,,,,", "Name (name) fehlt"),
    "unknown type": ("person,amt-1,,,,,,,,,,", "Unbekannter Typ"),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_bad_rows_give_line_numbered_errors_and_write_nothing(tmp_path, case):
    rows, message = BAD_ROWS[case]
    # Good rows first: they must not be imported either.
    text = GOOD + rows + "\n"
    bad_line = GOOD.count("\n") + 1
    before = snapshot()
    with pytest.raises(CommandError, match="nichts importiert"):
        run(tmp_path, text)
    assert snapshot() == before
    path = tmp_path / "org.csv"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_org", str(path), stdout=io.StringIO(), stderr=err)
    assert message in err.getvalue()
    assert f"Zeile {bad_line}" in err.getvalue() or f"Zeile {bad_line + 1}" in err.getvalue()


def test_all_errors_are_reported_at_once(tmp_path):
    text = f"""{HEADER}
unit,amt-1,Amt 1,,behörde,,,,,,,
unit,amt-2,Amt 2,,office,nirgends,,,,,,
member,amt-2,,,,,,x,,,,boss
"""
    err = io.StringIO()
    path = tmp_path / "org.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="Fehler"):
        call_command("import_org", str(path), stdout=io.StringIO(), stderr=err)
    # Row checks come first; tree checks run once every row is readable.
    assert "Zeile 2: Unbekannte Art" in err.getvalue()
    assert "Zeile 4: Unbekannte Funktion" in err.getvalue()


def test_missing_required_column(tmp_path):
    text = "type,code,name,kind,username,function\nunit,amt-1,Amt 1,office,,\n"
    err = io.StringIO()
    path = tmp_path / "org.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_org", str(path), stdout=io.StringIO(), stderr=err)
    assert "Zeile 1: Pflichtspalten fehlen: parent" in err.getvalue()
    assert not OrgUnit.objects.exists()


def test_parent_may_exist_in_the_database_already(tmp_path):
    factories.OrgUnitFactory(code="dez-9", name="Dezernat IX", kind=OrgUnit.Kind.DEPARTMENT)
    run(tmp_path, f"{HEADER}\nunit,amt-90,Amt 90,,office,dez-9,,,,,,\n")
    assert OrgUnit.objects.get(code="amt-90").parent.code == "dez-9"


def test_cycle_through_the_database_is_refused(tmp_path):
    top = factories.OrgUnitFactory(code="top", kind=OrgUnit.Kind.DEPARTMENT)
    factories.OrgUnitFactory(code="below", parent=top)
    with pytest.raises(CommandError):
        run(tmp_path, f"{HEADER}\nunit,top,Top,,department,below,,,,,,\n")
    assert OrgUnit.objects.get(code="top").parent is None
