"""``manage.py apply_roles``: bring groups and permissions in line with the role file."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.rights.applier import apply_roles
from cms.rights.roles import DEFAULT_FILE, RoleFileError


class Command(BaseCommand):
    """Apply ``config/roles.yaml`` (or ``--file``) to the database; idempotent."""

    help = _(
        "Legt die Gruppen, Seiten- und Sammlungsrechte und Ansichtsbeschränkungen "
        "aus der Rollendatei an bzw. gleicht sie ab. Mit --dry-run wird nur der "
        "Unterschied ausgegeben; stimmt die Datenbank schon, erscheint nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(DEFAULT_FILE), help=_("Rollendatei (Standard: %(default)s)")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Nur anzeigen, nichts schreiben.")
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            changes = apply_roles(file, dry_run=dry_run)
        except RoleFileError as error:
            raise CommandError(str(error)) from error
        for line in changes:
            self.stdout.write(line)
        if not dry_run and changes and options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(_("%(count)d Änderungen angewendet.") % {"count": len(changes)})
            )
