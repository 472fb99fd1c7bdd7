"""Write the people and org units of this intranet as an LDIF file for a test
directory (``make identity-demo`` loads it into a throwaway slapd), in the
layout of ``config/directory.yaml``: one group per unit under ou=einheiten,
function groups (``<code>-leitung`` …) under ou=funktionen, role groups
under ou=rollen. Each person gets a fixed entryUUID derived from the login
name; ``--link`` links the existing accounts to these ids (the directory sync
adopts no account by name)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import yaml

from offices.models import Membership, OrgUnit

BASE_DN = "dc=stadt,dc=test"


def _value(name, value):
    """One LDIF line; values that are not plain ASCII are base64 (RFC 2849)."""
    import base64

    text = str(value)
    if text.isascii() and not text.startswith((" ", ":", "<")) and "\n" not in text:
        return f"{name}: {text}"
    return f"{name}:: {base64.b64encode(text.encode()).decode()}"


def person_dn(username, base=BASE_DN):
    """The DN of a person in the test directory."""
    return f"uid={username},ou=people,{base}"


def unit_dn(code, base=BASE_DN):
    """The DN of an org unit's group in the test directory (its CN is the unit code)."""
    return f"cn={code},ou=einheiten,ou=groups,{base}"


FUNCTION_GROUPS = {"head": "leitung", "deputy": "stellvertretung", "editor": "redaktion"}
NAMESPACE = uuid.UUID("6f1c1c38-5a53-4a4e-9f43-2b8e1f0c5d21")


def entry_uuid(username):
    """The fixed entryUUID of a person of the test directory."""
    return str(uuid.uuid5(NAMESPACE, username.lower()))


def role_groups():
    """``[(group DN, Django group name)]`` of the role rules of
    config/directory.yaml (``group:`` + ``role:``) and config/roles.yaml."""
    config = Path(
        getattr(settings, "DIRECTORY_CONFIG", "") or settings.BASE_DIR / "config/directory.yaml"
    )
    roles_file = settings.BASE_DIR / "config/roles.yaml"
    if not config.exists() or not roles_file.exists():
        return []
    rules = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("rules") or []
    roles = (yaml.safe_load(roles_file.read_text(encoding="utf-8")) or {}).get("roles") or {}
    return [
        (rule["group"], roles[rule["role"]]["group"])
        for rule in rules
        if rule.get("group") and rule.get("role") in roles and roles[rule["role"]].get("group")
    ]


def _ou(dn, name):
    return [f"dn: {dn}", "objectClass: organizationalUnit", f"ou: {name}"]


def _group(dn, cn, names, base, description=""):
    lines = [f"dn: {dn}", "objectClass: groupOfNames", _value("cn", cn)]
    if description:
        lines.append(_value("description", description))
    return lines + [f"member: {person_dn(name, base)}" for name in sorted(set(names))]


def build_ldif(password, base=BASE_DN):
    """The LDIF text: every active person (password ``password``, enabled
    AD-like account, fixed entryUUID) and the unit, function and role groups
    with their members."""
    blocks = [
        _ou(f"ou=einheiten,ou=groups,{base}", "einheiten"),
        _ou(f"ou=funktionen,ou=groups,{base}", "funktionen"),
        _ou(f"ou=rollen,ou=groups,{base}", "rollen"),
    ]
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    for user in users:
        lines = [
            f"dn: {person_dn(user.username, base)}",
            "objectClass: inetOrgPerson",
            "objectClass: intranetAccount",
            f"entryUUID: {entry_uuid(user.username)}",
            _value("uid", user.username),
            _value("cn", user.get_full_name() or user.username),
            _value("sn", user.last_name or user.username),
            "userAccountControl: 512",
            _value("userPassword", password),
        ]
        if user.first_name:
            lines.append(_value("givenName", user.first_name))
        if user.email:
            lines.append(_value("mail", user.email))
        blocks.append(lines)
    members, functions = {}, {}
    for code, username, function in Membership.objects.filter(user__is_active=True).values_list(
        "unit__code", "user__username", "function"
    ):
        members.setdefault(code, []).append(username)
        if function in FUNCTION_GROUPS:
            functions.setdefault((code, FUNCTION_GROUPS[function]), []).append(username)
    for unit in OrgUnit.objects.order_by("code"):
        if members.get(unit.code):  # groupOfNames needs a member
            blocks.append(
                _group(unit_dn(unit.code, base), unit.code, members[unit.code], base, unit.name)
            )
    for (code, suffix), names in sorted(functions.items()):
        cn = f"{code}-{suffix}"
        blocks.append(_group(f"cn={cn},ou=funktionen,ou=groups,{base}", cn, names, base))
    for dn, group_name in role_groups():
        names = list(
            get_user_model()
            .objects.filter(is_active=True, groups__name=group_name)
            .values_list("username", flat=True)
        )
        if names and dn.lower().endswith(f",ou=rollen,ou=groups,{base}"):
            blocks.append(_group(dn, dn.split(",", 1)[0].split("=", 1)[1], names, base))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


class Command(BaseCommand):
    """``directory_ldif [--output FILE] [--password TEXT]``: reads only."""

    help = (
        "Schreibt die aktiven Personen und die Organisationseinheiten (als Gruppen mit "
        "ihren Mitgliedern) als LDIF für ein Testverzeichnis (make identity-demo). "
        "Liest nur, ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Zieldatei (Standard: Ausgabe auf stdout).")
        parser.add_argument(
            "--link",
            action="store_true",
            help="Die vorhandenen Konten mit den Einträgen verknüpfen (Verzeichnis-ID), "
            "damit der Abgleich und die Anmeldung sie finden.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Mit --link: nur zeigen.")
        parser.add_argument(
            "--password",
            default=None,
            help="Passwort aller Personen im Testverzeichnis (Standard: DEMO_PASSWORD).",
        )

    def handle(self, *args, **options):
        """Build the LDIF and write it."""
        password = options["password"] or getattr(settings, "DEMO_PASSWORD", "demo")
        if not password:
            raise CommandError("Das Passwort darf nicht leer sein.")
        text = build_ldif(password)
        if options["output"]:
            path = Path(options["output"])
            if not path.parent.is_dir():
                raise CommandError(f"Ordner fehlt: {path.parent}")
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{text.count('dn: ')} Einträge nach {path} geschrieben.")
        else:
            self.stdout.write(text, ending="")
        if options["link"]:
            self.link(options["dry_run"])

    def link(self, dry_run):
        """Link every active account without a directory account to its entry."""
        from django.apps import apps

        if not apps.is_installed("directory"):
            raise CommandError("--link braucht die App directory (Verzeichnisabgleich).")
        Account = apps.get_model("directory", "DirectoryAccount")
        users = get_user_model().objects.filter(is_active=True, directory_account__isnull=True)
        with transaction.atomic():
            made = [
                Account(
                    user=user,
                    external_id=entry_uuid(user.username),
                    dn=person_dn(user.username).lower(),
                )
                for user in users
            ]
            if not dry_run:
                Account.objects.bulk_create(made)
        verb = "würden verknüpft" if dry_run else "verknüpft"
        self.stdout.write(f"{len(made)} Konten {verb}.")
