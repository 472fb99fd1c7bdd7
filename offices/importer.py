"""Reading, checking and applying an org-structure CSV file (``import_org``).

The work happens in three steps so that a bad file changes nothing:

1. ``read_rows`` parses the file and checks every row on its own;
2. ``check_tree`` checks what needs the whole file and the database (parents,
   cycles, units of members);
3. ``make_plan`` compares the file with the database and ``apply_plan``
   writes the differences in one transaction.

Every error carries its line number; all of them are collected before the
command gives up. The file format is described in ``offices/README.md``."""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import Membership, OfficeIntranetPage, OrgUnit

REQUIRED_COLUMNS = ("type", "code", "name", "kind", "parent", "username", "function")
OPTIONAL_COLUMNS = ("short_name", "phone", "first_name", "last_name", "email")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

UNIT_TYPES = {"unit", "einheit"}
MEMBER_TYPES = {"member", "mitglied"}
UNIT_FIELDS = ("name", "short_name", "kind", "email", "phone")
PERSON_FIELDS = ("first_name", "last_name", "email")


def _choice_lookup(choices):
    """Accept a choice by its value or its German label, in any case."""
    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
    return lookup


class ImportFileError(Exception):
    """The file cannot be imported; ``errors`` lists ``(line, message)``."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = sorted(errors, key=lambda error: error[0])


@dataclass
class UnitRow:
    """One ``unit`` row of the file."""

    line: int
    code: str
    name: str
    short_name: str
    kind: str
    parent: str
    email: str
    phone: str


@dataclass
class MemberRow:
    """One ``member`` row of the file."""

    line: int
    code: str
    username: str
    first_name: str
    last_name: str
    email: str
    function: str


@dataclass
class Plan:
    """What an import would change. Each list holds the items the report
    shows; ``apply_plan`` writes them."""

    units_created: list = field(default_factory=list)  # UnitRow
    units_updated: list = field(default_factory=list)  # (UnitRow, [field names])
    units_moved: list = field(default_factory=list)  # (UnitRow, old parent code)
    people_created: list = field(default_factory=list)  # username
    people_updated: list = field(default_factory=list)  # (username, [field names])
    memberships_added: list = field(default_factory=list)  # MemberRow
    memberships_changed: list = field(default_factory=list)  # (MemberRow, old function)
    memberships_removed: list = field(default_factory=list)  # (username, code, function)
    memberships_not_in_file: int = 0  # kept because --prune was not given
    unit_order: list = field(default_factory=list)  # UnitRow, parents first
    people: dict = field(default_factory=dict)  # username → {field: value}

    @property
    def has_changes(self):
        """Whether applying the plan would write anything."""
        return any(
            (
                self.units_created,
                self.units_updated,
                self.units_moved,
                self.people_created,
                self.people_updated,
                self.memberships_added,
                self.memberships_changed,
                self.memberships_removed,
            )
        )


def _open_text(source):
    """The file's text: UTF-8 (with or without the BOM that Excel writes)."""
    if isinstance(source, str):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
        if isinstance(data, str):
            return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            [(0, _("Die Datei ist nicht UTF-8-kodiert (%(error)s).") % {"error": error})]
        ) from error


def read_rows(source):
    """Parse the file and check each row on its own. Returns ``(units,
    members)``; raises ``ImportFileError`` with every problem found."""
    text = _open_text(source)
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise ImportFileError([(1, _("Die Datei ist leer."))]) from None

    errors = []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        errors.append(
            (1, _("Pflichtspalten fehlen: %(columns)s.") % {"columns": ", ".join(missing)})
        )
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        errors.append((1, _("Unbekannte Spalten: %(columns)s.") % {"columns": ", ".join(unknown)}))
    if errors:
        raise ImportFileError(errors)

    units, members = [], []
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(header):
            errors.append((line, _("Mehr Werte als Spalten in der Kopfzeile.")))
            continue
        row = dict.fromkeys(COLUMNS, "")
        row.update({column: value.strip() for column, value in zip(header, values, strict=False)})
        kind = row["type"].lower()
        if kind.startswith("#"):
            continue  # a comment line
        if kind in UNIT_TYPES:
            units.append(_check_unit_row(line, row, errors))
        elif kind in MEMBER_TYPES:
            members.append(_check_member_row(line, row, errors))
        else:
            errors.append(
                (
                    line,
                    _("Unbekannter Typ „%(type)s“ (erlaubt: unit, member).")
                    % {"type": row["type"]},
                )
            )
    if errors:
        raise ImportFileError(errors)
    return units, members


def _check_email(line, value, errors):
    if value:
        try:
            validate_email(value)
        except ValidationError:
            errors.append((line, _("Ungültige E-Mail-Adresse „%(email)s“.") % {"email": value}))


def _check_code(line, value, errors):
    if not value:
        errors.append((line, _("Das Kürzel (code) fehlt.")))
        return
    try:
        validate_slug(value)
    except ValidationError:
        errors.append(
            (
                line,
                _("Ungültiges Kürzel „%(code)s“: nur Buchstaben, Ziffern, - und _.")
                % {"code": value},
            )
        )
    if len(value) > OrgUnit._meta.get_field("code").max_length:
        errors.append((line, _("Das Kürzel „%(code)s“ ist zu lang.") % {"code": value}))


_KINDS = _choice_lookup(OrgUnit.Kind.choices)
_FUNCTIONS = _choice_lookup(Membership.Function.choices)


def _check_unit_row(line, row, errors):
    _check_code(line, row["code"], errors)
    if not row["name"]:
        errors.append((line, _("Der Name (name) fehlt.")))
    for name in ("name", "short_name", "phone"):
        if len(row[name]) > OrgUnit._meta.get_field(name).max_length:
            errors.append((line, _("Der Wert in „%(column)s“ ist zu lang.") % {"column": name}))
    kind = _KINDS.get(row["kind"].lower())
    if kind is None:
        errors.append(
            (
                line,
                _("Unbekannte Art „%(kind)s“ (erlaubt: %(allowed)s).")
                % {"kind": row["kind"], "allowed": ", ".join(OrgUnit.Kind.values)},
            )
        )
    _check_email(line, row["email"], errors)
    return UnitRow(
        line=line,
        code=row["code"],
        name=row["name"],
        short_name=row["short_name"],
        kind=kind or "",
        parent=row["parent"],
        email=row["email"],
        phone=row["phone"],
    )


def _check_member_row(line, row, errors):
    if not row["code"]:
        errors.append((line, _("Das Kürzel der Einheit (code) fehlt.")))
    username = row["username"]
    if not username:
        errors.append((line, _("Der Benutzername (username) fehlt.")))
    else:
        user_model = get_user_model()
        try:
            user_model._meta.get_field(user_model.USERNAME_FIELD).run_validators(username)
        except ValidationError:
            errors.append(
                (line, _("Ungültiger Benutzername „%(username)s“.") % {"username": username})
            )
    function = _FUNCTIONS.get((row["function"] or Membership.Function.MEMBER).lower())
    if function is None:
        errors.append(
            (
                line,
                _("Unbekannte Funktion „%(function)s“ (erlaubt: %(allowed)s).")
                % {"function": row["function"], "allowed": ", ".join(Membership.Function.values)},
            )
        )
    _check_email(line, row["email"], errors)
    return MemberRow(
        line=line,
        code=row["code"],
        username=username,
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        function=function or "",
    )


def check_tree(units, members):
    """Check what needs the whole file and the database: duplicate codes and
    members, unknown parents and units, cycles, contradicting person data.
    Returns the final parent of every unit code (file over database)."""
    errors = []
    parents = dict(OrgUnit.objects.values_list("code", "parent__code"))
    known = set(parents)
    seen = {}
    for row in units:
        if row.code in seen:
            errors.append(
                (
                    row.line,
                    _("Das Kürzel „%(code)s“ kommt doppelt vor (zuerst in Zeile %(first)s).")
                    % {"code": row.code, "first": seen[row.code]},
                )
            )
            continue
        seen[row.code] = row.line
    known |= set(seen)
    for row in units:
        if row.parent and row.parent not in known:
            errors.append(
                (
                    row.line,
                    _("Unbekannte übergeordnete Einheit „%(parent)s“.") % {"parent": row.parent},
                )
            )
        parents[row.code] = row.parent or None
    errors.extend(_cycle_errors(units, parents))

    pairs, people = {}, {}
    for row in members:
        if row.code and row.code not in known:
            errors.append((row.line, _("Unbekannte Einheit „%(code)s“.") % {"code": row.code}))
        key = (row.username, row.code)
        if key in pairs:
            errors.append(
                (
                    row.line,
                    _(
                        "%(username)s ist für „%(code)s“ doppelt aufgeführt "
                        "(zuerst in Zeile %(first)s)."
                    )
                    % {"username": row.username, "code": row.code, "first": pairs[key]},
                )
            )
        pairs.setdefault(key, row.line)
        person = people.setdefault(row.username, {})
        for name in PERSON_FIELDS:
            value = getattr(row, name)
            if value and person.setdefault(name, (value, row.line))[0] != value:
                errors.append(
                    (
                        row.line,
                        _(
                            "Widersprüchliche Angabe „%(column)s“ für %(username)s "
                            "(anders in Zeile %(first)s)."
                        )
                        % {"column": name, "username": row.username, "first": person[name][1]},
                    )
                )
    if errors:
        raise ImportFileError(errors)
    return parents


def _cycle_errors(units, parents):
    errors, reported = [], set()
    for row in units:
        chain, code = [], row.code
        while code is not None and code not in chain:
            chain.append(code)
            code = parents.get(code)
        if code is None or code in reported:
            continue
        cycle = chain[chain.index(code) :]
        if reported.isdisjoint(cycle):
            reported.update(cycle)
            errors.append(
                (
                    row.line,
                    _("Zyklus in der Hierarchie: %(cycle)s.")
                    % {"cycle": " → ".join([*cycle, cycle[0]])},
                )
            )
    return errors


def _depth(code, parents):
    depth = 0
    while parents.get(code) is not None:
        code, depth = parents[code], depth + 1
    return depth


def make_plan(units, members, parents, prune=False):
    """Compare the checked file with the database: what would change."""
    plan = Plan()
    existing = {unit.code: unit for unit in OrgUnit.objects.select_related("parent")}
    plan.unit_order = sorted(units, key=lambda row: _depth(row.code, parents))
    for row in plan.unit_order:
        unit = existing.get(row.code)
        if unit is None:
            plan.units_created.append(row)
            continue
        changed = [name for name in UNIT_FIELDS if getattr(unit, name) != getattr(row, name)]
        if changed:
            plan.units_updated.append((row, changed))
        old_parent = unit.parent.code if unit.parent else ""
        if old_parent != row.parent:
            plan.units_moved.append((row, old_parent))

    user_model = get_user_model()
    usernames = {row.username for row in members}
    users = {
        user.get_username(): user
        for user in user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__in": usernames})
    }
    for row in members:
        person = plan.people.setdefault(row.username, {})
        for name in PERSON_FIELDS:
            if getattr(row, name):
                person[name] = getattr(row, name)
    for username, person in plan.people.items():
        user = users.get(username)
        if user is None:
            plan.people_created.append(username)
            continue
        changed = [name for name, value in person.items() if getattr(user, name) != value]
        if changed:
            plan.people_updated.append((username, changed))

    current = {
        (username, code): function
        for username, code, function in Membership.objects.values_list(
            f"user__{user_model.USERNAME_FIELD}", "unit__code", "function"
        )
    }
    in_file = set()
    for row in members:
        key = (row.username, row.code)
        in_file.add(key)
        if key not in current:
            plan.memberships_added.append(row)
        elif current[key] != row.function:
            plan.memberships_changed.append((row, current[key]))
    unit_codes = {row.code for row in units}
    for (username, code), function in sorted(current.items()):
        if code in unit_codes and (username, code) not in in_file:
            if prune:
                plan.memberships_removed.append((username, code, function))
            else:
                plan.memberships_not_in_file += 1
    return plan


def apply_plan(plan, progress=None):
    """Write the plan in one transaction, then sync the groups and give every
    office its intranet. Returns ``(group changes, intranets created)``."""
    user_model = get_user_model()
    total = (
        len(plan.unit_order)
        + len(plan.people_created)
        + len(plan.people_updated)
        + len(plan.memberships_added)
        + len(plan.memberships_changed)
        + len(plan.memberships_removed)
    )
    done = 0

    def step():
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    created_codes = {row.code for row in plan.units_created}
    updated_codes = {row.code for row, _fields in plan.units_updated}
    moved_codes = {row.code for row, _old in plan.units_moved}
    with transaction.atomic(), services.sync_suspended():
        units = {unit.code: unit for unit in OrgUnit.objects.all()}
        for row in plan.unit_order:
            if row.code in created_codes | updated_codes | moved_codes:
                unit = units.get(row.code) or OrgUnit(code=row.code)
                for name in UNIT_FIELDS:
                    setattr(unit, name, getattr(row, name))
                unit.parent = units[row.parent] if row.parent else None
                unit.save()
                units[row.code] = unit
            step()

        users = {}
        for username in plan.people_created:
            user = user_model(**{user_model.USERNAME_FIELD: username}, **plan.people[username])
            # Accounts sign in through the directory (LDAP/SSO), not with a
            # password of their own.
            user.set_unusable_password()
            user.save()
            users[username] = user
            step()
        for username, changed in plan.people_updated:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
            for name in changed:
                setattr(user, name, plan.people[username][name])
            user.save(update_fields=changed)
            step()

        def user_for(username):
            if username not in users:
                users[username] = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
            return users[username]

        for row in plan.memberships_added:
            Membership.objects.create(
                user=user_for(row.username), unit=units[row.code], function=row.function
            )
            step()
        for row, _old in plan.memberships_changed:
            membership = Membership.objects.get(user=user_for(row.username), unit=units[row.code])
            membership.function = row.function
            membership.save()
            step()
        for username, code, _function in plan.memberships_removed:
            Membership.objects.get(user=user_for(username), unit=units[code]).delete()
            step()

        group_changes = services.sync_unit_groups()
        before = OfficeIntranetPage.objects.count()
        services.ensure_all_office_intranets()
        intranets_created = OfficeIntranetPage.objects.count() - before
    return group_changes, intranets_created
