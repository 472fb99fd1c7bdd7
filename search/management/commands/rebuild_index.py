"""``manage.py rebuild_index``: a new index, filled, then the alias switched."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import documents, indexing
from search.engine import BulkError, EngineUnavailable, get_engine


class Progress:
    """A one-line text progress bar (no extra dependency)."""

    def __init__(self, stream, total, width=40):
        self.stream, self.total, self.width, self.done = stream, max(total, 1), width, 0

    def __call__(self, step):
        """Advance by ``step`` and redraw."""
        self.done += step
        filled = int(self.width * min(self.done, self.total) / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total}", ending="")
        self.stream.flush()


class Command(BaseCommand):
    """Build a new concrete index, bulk-load everything, switch the alias, drop the old
    index. Searches keep using the old index until the switch: no downtime."""

    help = _(
        "Baut den Suchindex neu auf und schaltet den Alias ohne Unterbrechung um "
        "(--dry-run zählt nur, was indexiert würde)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Nur zählen, nichts schreiben.")
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            keys = documents.all_keys()
            kinds = {}
            for doc_id in keys:
                kinds[doc_id.split(":")[0]] = kinds.get(doc_id.split(":")[0], 0) + 1
            detail = ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))
            self.stdout.write(
                _("Würde %(count)s Einträge indexieren (%(detail)s).")
                % {"count": len(keys), "detail": detail}
            )
            return
        engine = get_engine()
        if engine is None:
            raise CommandError(
                _("Keine Suchmaschine konfiguriert: ELASTICSEARCH_URL ist nicht gesetzt.")
            )
        try:
            new_index = engine.create_index()
        except EngineUnavailable as exc:
            raise CommandError(_("Suchmaschine nicht erreichbar: %s") % exc) from exc
        try:
            total = documents.count_all()
            self.stdout.write(_("Neuer Index %(name)s") % {"name": new_index})
            progress = Progress(self.stdout, total) if total else None
            written = indexing.index_all(engine=engine, index=new_index, progress=progress)
            self.stdout.write("")
            old = engine.switch_alias(new_index)
        except Exception as exc:
            # Leave the alias where it was; only the half-built index goes.
            engine.delete_index(new_index)
            if isinstance(exc, EngineUnavailable):
                raise CommandError(_("Suchmaschine nicht erreichbar: %s") % exc) from exc
            if isinstance(exc, BulkError):
                raise CommandError(
                    _("Der Index hat %(count)s Einträge abgelehnt, der erste: %(first)s")
                    % {"count": len(exc.errors), "first": exc.errors[0]}
                ) from exc
            raise
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s Einträge indexiert; Alias %(alias)s zeigt auf %(name)s.")
                % {"count": written, "alias": engine.alias, "name": new_index}
            )
        )
        if old:
            self.stdout.write(_("Alte Indizes gelöscht: %s") % ", ".join(old))
        # Changes indexed while the new index was being built went to the old
        # one: catch up on them now that the alias points at the new index.
        report = indexing.compare(engine)
        drift = len(report["missing"]) + len(report["stale"]) + len(report["extra"])
        if drift:
            indexing.repair(report, engine=engine)
            self.stdout.write(
                _("%(count)s Änderungen aus der Zeit des Neuaufbaus nachgetragen.")
                % {"count": drift}
            )
        sys.stdout.flush()
