"""``manage.py purge_query_stats [--dry-run] [--days N]``: delete old query statistics."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from search.models import QueryStat, query_stats_days


class Command(BaseCommand):
    """Delete the daily query statistics older than the retention period
    (``SEARCH_QUERY_STATS_DAYS``, default 365 days). Idempotent: a second run
    finds nothing to delete. Meant to run daily (cron or the scheduler)."""

    help = _(
        "Löscht die Suchstatistik, die älter ist als SEARCH_QUERY_STATS_DAYS Tage "
        "(Standard 365); --dry-run zählt nur."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Nur zählen, nichts löschen."))
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("Aufbewahrungsdauer in Tagen statt SEARCH_QUERY_STATS_DAYS."),
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        if days is None:
            try:
                days = query_stats_days()
            except ImproperlyConfigured as exc:
                raise CommandError(str(exc)) from exc
        elif days < 1:
            raise CommandError(_("--days muss mindestens 1 sein."))
        cutoff = QueryStat.retention_cutoff(days)
        with transaction.atomic():
            expired = QueryStat.expired(days)
            count = expired.count()
            if not dry_run and count:
                expired.delete()
        when = formats.date_format(cutoff, "d.m.Y")
        if dry_run:
            message = _(
                "Würde %(count)s Einträge vor dem %(day)s löschen (Aufbewahrung %(days)s Tage)."
            )
        else:
            message = _("%(count)s Einträge vor dem %(day)s gelöscht (Aufbewahrung %(days)s Tage).")
        self.stdout.write(message % {"count": count, "day": when, "days": days})
