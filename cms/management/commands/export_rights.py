"""``manage.py export_rights FILE|-``: the effective rights as CSV for an audit."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.rights.explain import write_rights_csv


class Command(BaseCommand):
    """Write one row per group permission and per view restriction (read-only)."""

    help = _(
        "Exportiert die wirksamen Rechte als CSV (Semikolon): je Gruppe, Rolle, "
        "Teilbaum/Sammlung und Recht eine Zeile, dazu je Ansichtsbeschränkung eine Zeile. "
        "„-“ schreibt auf die Standardausgabe."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Zieldatei oder - für die Standardausgabe"))

    def handle(self, *args, file, **options):
        if file == "-":
            write_rights_csv(self.stdout)
            return
        try:
            with open(file, "w", encoding="utf-8", newline="") as stream:
                count = write_rights_csv(stream)
        except OSError as error:
            raise CommandError(
                _("Datei %(file)s nicht schreibbar: %(error)s") % {"file": file, "error": error}
            ) from error
        self.stderr.write(
            _("%(count)d Zeilen nach %(file)s geschrieben.") % {"count": count, "file": file}
        )
