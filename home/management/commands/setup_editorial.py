"""``manage.py setup_editorial``: the editorial groups, their permissions and
the news approval workflow, created or repaired from the declaration in
``home.editorial``."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.editorial import ensure_editorial_setup


class Command(BaseCommand):
    """Create or update the groups "Zentrale Redaktion", "Redaktion dezentral",
    one "Bereichsredaktion …" per information area, and the workflow
    "Nachrichtenfreigabe" on every news index. Safe to run again at any time;
    it also takes back permissions that were added to these groups by hand."""

    help = _(
        "Legt die Redaktionsgruppen mit ihren Rechten und den Arbeitsablauf "
        "„Nachrichtenfreigabe“ an oder bringt sie auf den vorgesehenen Stand. "
        "Mehrfach ausführbar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Nur anzeigen, was sich ändern würde; nichts speichern."),
        )

    def handle(self, *args, dry_run=False, **options):
        result = ensure_editorial_setup(stdout=self.stdout, dry_run=dry_run)
        if not result.changes:
            self.stdout.write(_("Nichts zu ändern: die Redaktionseinrichtung ist aktuell."))
        elif dry_run:
            self.stdout.write(
                self.style.WARNING(
                    _("Probelauf: %(count)d Änderung(en) würden vorgenommen, nichts gespeichert.")
                    % {"count": len(result.changes)}
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(count)d Änderung(en) vorgenommen.") % {"count": len(result.changes)}
                )
            )
