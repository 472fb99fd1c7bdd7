"""Search models editors maintain: promoted results (best bets), synonyms
and abbreviations, and the anonymous statistics of what people search for.

The statistics hold no user and no address: one row per normalised query and
day with two counters (agreed with the Personalrat)."""

import datetime
import os
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

MAX_QUERY_LENGTH = 200
# Codename of the permission to read the query report (``search.<codename>``).
VIEW_REPORT_PERMISSION = "view_query_report"
# How many days of query statistics are kept when nothing is configured.
DEFAULT_QUERY_STATS_DAYS = 365
# How many searches a query needs before the report shows it (a rare query
# could point to the one person who typed it).
DEFAULT_QUERY_REPORT_MIN_COUNT = 5


def _positive_setting(name, default):
    """A whole number of at least 1 from the setting ``name``, else the
    environment variable of that name, else ``default``;
    ``ImproperlyConfigured`` for anything else."""
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name, "") or default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ImproperlyConfigured(
            _("%(name)s muss eine ganze Zahl ab 1 sein, nicht %(value)r.")
            % {"name": name, "value": value}
        )
    return number


def query_report_min_count():
    """How many searches (within the report's period) a query needs to appear
    in the query report: ``SEARCH_QUERY_REPORT_MIN_COUNT``, default 5."""
    return _positive_setting("SEARCH_QUERY_REPORT_MIN_COUNT", DEFAULT_QUERY_REPORT_MIN_COUNT)


def query_stats_days():
    """How many days the query statistics are kept: the setting
    ``SEARCH_QUERY_STATS_DAYS`` if present, else the environment variable of
    that name, else 365. ``ImproperlyConfigured`` for anything but a whole
    number of at least 1 (a typo must not purge everything)."""
    return _positive_setting("SEARCH_QUERY_STATS_DAYS", DEFAULT_QUERY_STATS_DAYS)


_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_query(text):
    """The form a query is stored and matched in: NFC, lower case, single
    spaces, at most ``MAX_QUERY_LENGTH`` characters."""
    text = unicodedata.normalize("NFC", text or "")
    return _SPACE.sub(" ", text).strip().lower()[:MAX_QUERY_LENGTH]


class Synonym(models.Model):
    """A term and its synonyms or the words an abbreviation stands for.

    The group is symmetric at query time: a search for any of the words also
    finds the others, so editors need one entry per group, not one per word."""

    term = models.CharField(_("Begriff"), max_length=100, unique=True)
    synonyms = models.CharField(
        _("Synonyme"),
        max_length=500,
        help_text=_("Durch Kommas getrennt, z. B. „Erholungsurlaub, Freizeit“."),
    )

    panels = [FieldPanel("term"), FieldPanel("synonyms")]

    class Meta:
        verbose_name = _("Synonym")
        verbose_name_plural = _("Synonyme")
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.synonyms}"

    def words(self):
        """The term and its synonyms, normalised, without empty entries."""
        words = [self.term, *self.synonyms.split(",")]
        return [w for w in (normalise_query(word) for word in words) if w]

    @classmethod
    def expand(cls, query):
        """Alternative query strings for ``query``: each word or phrase of a
        synonym group found in the query is replaced by the other members.

        Runs in Python so that both engines and the database fallback use the
        same expansion; the original query is not part of the answer."""
        normalised = normalise_query(query)
        if not normalised:
            return []
        alternatives = []
        for entry in cls.objects.all():
            group = entry.words()
            for word in group:
                pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
                if not pattern.search(normalised):
                    continue
                for other in group:
                    if other != word:
                        alternative = pattern.sub(other, normalised)
                        if alternative not in alternatives and alternative != normalised:
                            alternatives.append(alternative)
        return alternatives[:10]


class BestBet(models.Model):
    """A promoted result shown on top for one query: a page, a document or an
    external address. Pages and documents are shown only to readers who may
    see them."""

    query = models.CharField(
        _("Suchbegriff"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Die Empfehlung erscheint, wenn genau dieser Begriff gesucht wird."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    document = models.ForeignKey(
        "cms.IntranetDocument",
        verbose_name=_("Dokument"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("Adresse"), blank=True)
    title = models.CharField(
        _("Titel"), max_length=255, blank=True, help_text=_("Leer: Titel der Seite/des Dokuments.")
    )
    description = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("query"),
        FieldRowPanel([FieldPanel("page"), FieldPanel("document")]),
        FieldPanel("url"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("order"),
    ]

    class Meta:
        verbose_name = _("Empfohlenes Ergebnis")
        verbose_name_plural = _("Empfohlene Ergebnisse")
        ordering = ["query", "order", "pk"]

    def __str__(self):
        return f"{self.query}: {self.title or self.page or self.document or self.url}"

    def save(self, *args, **kwargs):
        # Stored normalised, so that lookups are one indexed equality.
        self.query = normalise_query(self.query)
        super().save(*args, **kwargs)

    def clean(self):
        """Exactly one target: a page, a document or an address."""
        from django.core.exceptions import ValidationError

        targets = [bool(self.page_id), bool(self.document_id), bool(self.url)]
        if sum(targets) != 1:
            raise ValidationError(
                _("Bitte genau ein Ziel angeben: eine Seite, ein Dokument oder eine Adresse.")
            )

    @classmethod
    def for_query(cls, user, query):
        """The promoted results for ``query`` that ``user`` may see, as dicts."""
        from cms.permissions import can_view_document, can_view_page

        bets = cls.objects.filter(query=normalise_query(query)).select_related("page", "document")
        results = []
        for bet in bets:
            if bet.page_id:
                page = bet.page
                if not can_view_page(user, page):
                    continue
                item = {"kind": "page", "id": page.pk, "url": page.url, "title": page.title}
            elif bet.document_id:
                document = bet.document
                if not can_view_document(user, document):
                    continue
                item = {"kind": "document", "id": document.pk, "url": document.url}
                item["title"] = document.title
            elif bet.url:
                item = {"kind": "url", "id": None, "url": bet.url, "title": bet.url}
            else:
                continue
            item["title"] = bet.title or item["title"]
            item["description"] = bet.description
            results.append(item)
        return results


class QueryStat(models.Model):
    """How often a normalised query was searched on one day, and how often it
    found nothing. Anonymous by design: no user, no address, no time of day."""

    query = models.CharField(_("Suchbegriff"), max_length=MAX_QUERY_LENGTH)
    day = models.DateField(_("Tag"))
    count = models.PositiveIntegerField(_("Anzahl"), default=0)
    zero_results = models.PositiveIntegerField(_("Ohne Treffer"), default=0)

    class Meta:
        verbose_name = _("Suchstatistik")
        verbose_name_plural = _("Suchstatistik")
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="search_querystat_query_day")
        ]
        indexes = [models.Index(fields=["day"])]
        # Reading the report is its own right (granted to the central
        # editorial team), not implied by editing pages or snippets.
        permissions = [(VIEW_REPORT_PERMISSION, _("Suchstatistik ansehen"))]

    def __str__(self):
        return f"{self.day} {self.query}: {self.count}"

    @classmethod
    def record(cls, query, total):
        """Count one search for ``query`` (and one without results if
        ``total`` is 0), atomically, without anything about who searched."""
        normalised = normalise_query(query)
        if normalised:
            cls.add_counts({(normalised, timezone.localdate()): (1, 1 if total == 0 else 0)})

    @classmethod
    def add_counts(cls, counts):
        """Add ``{(normalised query, day): (searches, without results)}`` to
        the statistics in one transaction (one write for a whole batch)."""
        with transaction.atomic():
            for (query, day), (searches, zero) in counts.items():
                row, created = cls.objects.get_or_create(
                    query=query, day=day, defaults={"count": searches, "zero_results": zero}
                )
                if not created:
                    cls.objects.filter(pk=row.pk).update(
                        count=F("count") + searches, zero_results=F("zero_results") + zero
                    )

    @classmethod
    def retention_cutoff(cls, days=None, today=None):
        """The first day that is kept: rows of earlier days are purged."""
        days = query_stats_days() if days is None else days
        return (today or timezone.localdate()) - datetime.timedelta(days=days - 1)

    @classmethod
    def expired(cls, days=None):
        """The rows older than the retention period (``query_stats_days``)."""
        return cls.objects.filter(day__lt=cls.retention_cutoff(days))

    @classmethod
    def report(cls, days=30, limit=50):
        """Top queries and queries without results of the last ``days`` days,
        with how far back the stored statistics go (``oldest``, ``retention_days``)."""
        since = timezone.localdate() - datetime.timedelta(days=days)
        min_count = query_report_min_count()
        # Only queries at least ``min_count`` searches used within the period:
        # a rare query could point to the one person who typed it.
        rows = (
            cls.objects.filter(day__gt=since)
            .values("query")
            .annotate(searches=models.Sum("count"), misses=models.Sum("zero_results"))
            .filter(searches__gte=min_count)
        )
        top = rows.order_by("-searches", "query")[:limit]
        zero = rows.filter(misses__gt=0).order_by("-misses", "query")[:limit]
        oldest = cls.objects.aggregate(oldest=models.Min("day"))["oldest"]
        return {
            "top": list(top),
            "zero": list(zero),
            "days": days,
            "oldest": oldest,
            "retention_days": query_stats_days(),
            "min_count": min_count,
        }
