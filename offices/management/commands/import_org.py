"""``manage.py import_org FILE``: import units and memberships from one CSV file."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from offices.importer import (
    ImportFileError,
    apply_plan,
    check_tree,
    make_plan,
    read_rows,
)

DETAIL_LIMIT = 20

HELP = """Importiert die Organisationsstruktur (Einheiten und Mitgliedschaften) aus
einer CSV-Datei (UTF-8, Trennzeichen Komma oder Semikolon, erste Zeile = Spaltennamen).

Spalten: type,code,name,short_name,kind,parent,phone,username,first_name,last_name,email,function
(Pflicht: type, code, name, kind, parent, username, function; die übrigen dürfen fehlen.)

  type=unit    eine Einheit: code (Kürzel, eindeutig), name, short_name, kind
               (department|office|division|team oder Dezernat|Amt|Abteilung|Sachgebiet),
               parent (Kürzel der übergeordneten Einheit, leer = oberste Ebene; darf
               später in der Datei stehen oder schon in der Datenbank sein), email, phone.
  type=member  eine Mitgliedschaft: code (Kürzel der Einheit), username, first_name,
               last_name, email (der Person), function (head|deputy|editor|member oder
               Leitung|Stellvertretung|Redaktion|Mitglied; leer = member).

Einheiten werden angelegt oder aktualisiert (auch verschoben), nie gelöscht. Unbekannte
Personen werden ohne eigenes Passwort angelegt (Anmeldung über den Verzeichnisdienst).
Mitgliedschaften, die in der Datei fehlen, bleiben erhalten; mit --prune werden sie für
jede Einheit entfernt, die eine unit-Zeile in der Datei hat. Danach werden die Gruppen
abgeglichen und jedes Amt bekommt sein Amtsintranet.

Die Datei wird vollständig geprüft, bevor etwas geschrieben wird: alle Fehler werden
mit Zeilennummer gemeldet, und bei Fehlern wird nichts importiert. Ein zweiter Lauf
mit derselben Datei meldet „Keine Änderungen“."""


class Command(BaseCommand):
    """Import the org structure from one CSV file (format in the help and in
    offices/README.md): validate everything, report, then write atomically."""

    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Die CSV-Datei."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Nur prüfen und berichten, nichts schreiben."),
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=_(
                "Mitgliedschaften entfernen, die in der Datei fehlen "
                "(nur bei Einheiten mit unit-Zeile in der Datei)."
            ),
        )

    def handle(self, *args, file, dry_run=False, prune=False, verbosity=1, **options):
        self.verbosity = verbosity
        try:
            units, members = read_rows(file)
            parents = check_tree(units, members)
        except FileNotFoundError as error:
            raise CommandError(_("Datei nicht gefunden: %(file)s") % {"file": file}) from error
        except ImportFileError as error:
            for line, message in error.errors:
                self.stderr.write(
                    _("Zeile %(line)s: %(message)s") % {"line": line, "message": message}
                )
            raise CommandError(
                _("%(count)s Fehler in %(file)s – nichts importiert.")
                % {"count": len(error.errors), "file": file}
            ) from error

        plan = make_plan(units, members, parents, prune=prune)
        self._report(plan)
        if dry_run:
            self.stdout.write(_("Probelauf: nichts geschrieben."))
            return
        group_changes, intranets = apply_plan(plan, progress=self._progress)
        for name, (added, removed) in sorted(group_changes.items()):
            self._detail(
                _("Gruppe %(group)s: +%(added)s, −%(removed)s")
                % {"group": name, "added": added, "removed": removed}
            )
        if intranets:
            self.stdout.write(_("Amtsintranets angelegt: %(count)s") % {"count": intranets})
        if not plan.has_changes and not group_changes and not intranets:
            self.stdout.write(self.style.SUCCESS(_("Keine Änderungen.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import abgeschlossen.")))

    def _progress(self, done, total):
        step = max(100, total // 10)
        if self.verbosity >= 1 and total >= 200 and (done % step == 0 or done == total):
            self.stdout.write(_("… %(done)s von %(total)s") % {"done": done, "total": total})

    def _detail(self, text):
        if self.verbosity >= 1:
            self.stdout.write(f"  {text}")

    def _section(self, title, items):
        if not items:
            return
        self.stdout.write(f"{title}: {len(items)}")
        limit = None if self.verbosity >= 2 else DETAIL_LIMIT
        for item in items[:limit]:
            self._detail(item)
        if limit is not None and len(items) > limit:
            self._detail(_("… und %(count)s weitere") % {"count": len(items) - limit})

    def _report(self, plan):
        self._section(
            _("Einheiten neu"),
            [f"{row.code} – {row.name} (Zeile {row.line})" for row in plan.units_created],
        )
        self._section(
            _("Einheiten geändert"),
            [f"{row.code}: {', '.join(fields)}" for row, fields in plan.units_updated],
        )
        self._section(
            _("Einheiten verschoben"),
            [f"{row.code}: {old or '–'} → {row.parent or '–'}" for row, old in plan.units_moved],
        )
        self._section(_("Personen neu"), list(plan.people_created))
        self._section(
            _("Personen geändert"),
            [f"{username}: {', '.join(fields)}" for username, fields in plan.people_updated],
        )
        self._section(
            _("Mitgliedschaften neu"),
            [f"{row.username} → {row.code} ({row.function})" for row in plan.memberships_added],
        )
        self._section(
            _("Mitgliedschaften geändert"),
            [
                f"{row.username} in {row.code}: {old} → {row.function}"
                for row, old in plan.memberships_changed
            ],
        )
        self._section(
            _("Mitgliedschaften entfernt"),
            [
                f"{username} aus {code} ({function})"
                for username, code, function in plan.memberships_removed
            ],
        )
        if plan.memberships_not_in_file:
            self.stdout.write(
                _("Nicht in der Datei, beibehalten (mit --prune entfernen): %(count)s")
                % {"count": plan.memberships_not_in_file}
            )
