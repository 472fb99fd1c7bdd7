"""``manage.py search_check [--repair]``: compare database and index."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import indexing
from search.engine import EngineUnavailable, get_engine


class Command(BaseCommand):
    """Compare what should be searchable (ids and restriction keys) with the
    index; report missing, stale and extra entries, and fix them with --repair."""

    help = _(
        "Vergleicht Datenbank und Suchindex (fehlende, veraltete, überzählige Einträge); "
        "--repair behebt die Abweichungen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help=_("Abweichungen beheben."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Nur berichten, auch wenn --repair angegeben ist."),
        )
        parser.add_argument(
            "--verbose-ids", action="store_true", help=_("Die betroffenen Einträge auflisten.")
        )

    def handle(self, *args, repair=False, dry_run=False, verbose_ids=False, **options):
        engine = get_engine()
        if engine is None:
            raise CommandError(
                _("Keine Suchmaschine konfiguriert: ELASTICSEARCH_URL ist nicht gesetzt.")
            )
        try:
            engine.ensure_index()
            engine.refresh()
            report = indexing.compare(engine)
        except EngineUnavailable as exc:
            raise CommandError(_("Suchmaschine nicht erreichbar: %s") % exc) from exc
        for name, label in (
            ("missing", _("fehlend")),
            ("stale", _("veraltet")),
            ("extra", _("überzählig")),
        ):
            self.stdout.write(f"{label}: {len(report[name])}")
            if verbose_ids and report[name]:
                self.stdout.write("  " + " ".join(report[name][:200]))
        drift = sum(len(ids) for ids in report.values())
        if not drift:
            self.stdout.write(self.style.SUCCESS(_("Index und Datenbank stimmen überein.")))
            return
        if not repair or dry_run:
            self.stdout.write(
                self.style.WARNING(_("%s Abweichungen (mit --repair beheben).") % drift)
            )
            return
        try:
            counts = indexing.repair(report, engine)
        except EngineUnavailable as exc:
            raise CommandError(_("Suchmaschine nicht erreichbar: %s") % exc) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Behoben: %(indexed)s geschrieben, %(deleted)s gelöscht.") % counts
            )
        )
