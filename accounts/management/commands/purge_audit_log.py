"""``manage.py purge_audit_log``: delete security entries older than
``AUDIT_RETENTION_DAYS``."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.audit import security_entries


class Command(BaseCommand):
    help = (
        "Löscht Einträge des Sicherheitsprotokolls (Aktionen intranet.*), die älter als "
        "AUDIT_RETENTION_DAYS Tage sind. Andere Einträge des Wagtail-Protokolls bleiben."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Aufbewahrung in Tagen (statt der Einstellung)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts löschen.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("Die Aufbewahrung muss mindestens einen Tag betragen.")
        cutoff = timezone.now() - timedelta(days=days)
        with transaction.atomic():
            old = security_entries().filter(timestamp__lt=cutoff)
            count = old.count()
            if not dry_run:
                # The entries' own model, filtered by id: a plain delete.
                old.model.objects.filter(pk__in=old.values("pk")).delete()
        verb = "würden gelöscht" if dry_run else "gelöscht"
        self.stdout.write(f"{count} Einträge älter als {days} Tage {verb}.")
