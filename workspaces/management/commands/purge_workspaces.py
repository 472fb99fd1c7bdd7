"""``manage.py purge_workspaces [--dry-run]``: delete the workspaces whose
grace period after a deletion request has passed."""

from django.core.management.base import BaseCommand

from workspaces.services import purge_due


class Command(BaseCommand):
    help = "Löscht Arbeitsräume, deren Löschfrist abgelaufen ist."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur anzeigen, was gelöscht würde."
        )

    def handle(self, *args, dry_run=False, **options):
        titles = purge_due(dry_run=dry_run)
        verb = "würde gelöscht" if dry_run else "gelöscht"
        for title in titles:
            self.stdout.write(f"{verb}: {title}")
        self.stdout.write(self.style.SUCCESS(f"{len(titles)} Arbeitsräume {verb}."))
