"""``manage.py sync_directory [--dry-run] [--full]``: the directory sync."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.rights.roles import RoleFileError

from ...config import DirectoryConfigError
from ...reader import DirectoryUnavailable
from ...sync import SyncRefused, run_sync

DETAIL_LIMIT = 20
REASONS = {
    "disabled": _("im Verzeichnis gesperrt"),
    "expired": _("Konto abgelaufen"),
    "missing": _("fehlt im Verzeichnis"),
}


class Command(BaseCommand):
    help = _(
        "Gleicht Personen, Attribute, Mitgliedschaften und Rollen mit dem Verzeichnis "
        "(LDAP/Active Directory) ab. Ohne --full nur die seit dem letzten Lauf geänderten "
        "Einträge; --full liest alles und deaktiviert Personen, die im Verzeichnis fehlen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Unterschied zeigen, nichts schreiben.")
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help=_("Alle Einträge lesen und fehlende Personen deaktivieren."),
        )
        parser.add_argument(
            "--max-deactivate",
            type=float,
            metavar="PROZENT",
            help=_(
                "Für diesen Lauf höchstens so viel Prozent der aktiven Personen deaktivieren "
                "(Vorgabe DIRECTORY_MAX_DEACTIVATE_PERCENT, 5)."
            ),
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        share = options["max_deactivate"]
        if share is not None and not 0 <= share <= 100:
            raise CommandError(_("--max-deactivate muss zwischen 0 und 100 liegen."))
        try:
            report = run_sync(
                full=options["full"],
                dry_run=options["dry_run"],
                max_share=None if share is None else share / 100,
                progress=self._progress,
            )
        except (DirectoryConfigError, RoleFileError) as error:
            raise CommandError(str(error)) from error
        except DirectoryUnavailable as error:
            raise CommandError(
                _("%(error)s Es wurde nichts geändert.") % {"error": error}
            ) from error
        except SyncRefused as error:
            raise CommandError(str(error)) from error
        self._report(report)

    def _progress(self, stage, done, total):
        if self.verbosity < 1 or total < 200:
            return
        width = 30
        filled = int(width * done / total) if total else width
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        stream = sys.stderr
        if stream.isatty():
            stream.write(f"\r{stage}: [{bar}] {done}/{total}{end}")
        elif done >= total:
            stream.write(f"{stage}: {done}/{total}\n")
        stream.flush()

    def _section(self, title, items):
        if not items:
            return
        self.stdout.write(f"{title}: {len(items)}")
        limit = None if self.verbosity >= 2 else DETAIL_LIMIT
        for item in items[:limit]:
            self.stdout.write(f"  {item}")
        if limit is not None and len(items) > limit:
            self.stdout.write("  " + _("… und %(count)s weitere") % {"count": len(items) - limit})

    def _report(self, r):
        kind = _("vollständig") if r.full else _("nur Änderungen")
        self.stdout.write(
            _("Verzeichnis gelesen (%(kind)s): %(people)s Personen, %(groups)s Gruppen.")
            % {"kind": kind, "people": r.people_read, "groups": r.groups_read}
        )
        if r.dry_run:
            self.stdout.write(self.style.WARNING(_("Probelauf: nichts wurde geschrieben.")))
        self._section(_("Neu angelegt"), r.created)
        self._section(_("Geändert"), r.updated)
        self._section(_("Umbenannt"), [f"{old} → {new}" for old, new in r.renamed])
        self._section(
            _("Deaktiviert"),
            [
                _(
                    "%(user)s (%(reason)s; %(sessions)s Sitzungen beendet, "
                    "%(tokens)s Tokens widerrufen)"
                )
                % {
                    "user": user,
                    "reason": REASONS.get(reason, reason),
                    "sessions": data["sessions_ended"],
                    "tokens": data["api_tokens_revoked"] + data["calendar_tokens_revoked"],
                }
                for user, reason, data in r.deactivated
            ],
        )
        handovers = []
        for user, _reason, data in r.deactivated:
            for item in data["workspaces"]:
                owners = item["new_owners"]
                handovers.append(
                    _("%(workspace)s: von %(user)s an %(owners)s")
                    % {"workspace": item["workspace"], "user": user, "owners": ", ".join(owners)}
                    if owners is not None
                    else _("%(workspace)s: %(user)s bleibt verantwortlich, niemand kann übernehmen")
                    % {"workspace": item["workspace"], "user": user}
                )
        self._section(_("Arbeitsräume übergeben"), handovers)
        self._section(_("Wieder aktiviert"), r.reactivated)
        self._section(
            _("Mitgliedschaften hinzugefügt"),
            [f"{user} → {unit} ({function})" for user, unit, function in r.memberships_added],
        )
        self._section(
            _("Mitgliedschaften geändert"),
            [f"{user} in {unit}: {old} → {new}" for user, unit, old, new in r.memberships_changed],
        )
        self._section(
            _("Mitgliedschaften entfernt"),
            [f"{user} ← {unit}" for user, unit in r.memberships_removed],
        )
        self._section(_("Rollen vergeben"), [f"{user}: {role}" for user, role in r.roles_added])
        self._section(_("Rollen entzogen"), [f"{user}: {role}" for user, role in r.roles_removed])
        self._section(_("Gesperrt oder abgelaufen, nicht angelegt"), r.skipped)
        self._section(
            _("Benutzername schon von einem anderen Konto belegt, übersprungen"), r.conflicts
        )
        self._section(
            _("Einheiten aus config/directory.yaml, die es nicht gibt"), sorted(r.unknown_units)
        )
        if not r.has_changes:
            self.stdout.write(self.style.SUCCESS(_("Keine Änderungen.")))
        elif not r.dry_run:
            self.stdout.write(self.style.SUCCESS(_("Abgleich abgeschlossen.")))
