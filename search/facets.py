"""The facets of a search: which exist, their labels, the date ranges, and
how they are asked of the engine (aggregations, each within the other
facets' filters) and turned into the lists the API and the page show. The
database fallback (search/database.py) builds the same lists."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy

FACET_FIELDS = ("silo", "content_type", "office", "tags")
SILO_LABELS = {
    "start": gettext_lazy("Startseite und Nachrichten"),
    "area": gettext_lazy("Informationsbereiche"),
    "office": gettext_lazy("Amtsintranets"),
    "workspace": gettext_lazy("Arbeitsräume"),
}
# Date range facets: key, label, days back (None: older than a year).
DATE_RANGES = (
    ("7d", gettext_lazy("Letzte 7 Tage"), 7),
    ("30d", gettext_lazy("Letzte 30 Tage"), 30),
    ("year", gettext_lazy("Letztes Jahr"), 365),
    ("older", gettext_lazy("Älter als ein Jahr"), None),
)


def date_range_bounds(key, today=None):
    """``(date_from, date_to)`` of a date range facet key."""
    today = today or timezone.localdate()
    for range_key, _label, days in DATE_RANGES:
        if range_key == key:
            if days is None:
                return None, today - datetime.timedelta(days=366)
            return today - datetime.timedelta(days=days), None
    return None, None


def office_labels(codes):
    """Names of offices by code (only for codes already in a visible facet)."""
    from offices.models import OrgUnit

    return dict(OrgUnit.objects.filter(code__in=list(codes)).values_list("code", "name"))


def facet_entries(name, counts, selected, labels=None):
    """A facet as a list of ``{"value", "label", "count", "selected"}``,
    most frequent first; selected values are kept even with count 0."""
    labels = labels or {}
    values = dict(counts)
    for value in selected:
        values.setdefault(value, 0)
    entries = [
        {
            "value": value,
            "label": str(labels.get(value) or value),
            "count": count,
            "selected": value in selected,
        }
        for value, count in values.items()
    ]
    entries.sort(key=lambda e: (-e["count"], e["label"].lower()))
    return entries


def date_facet(counts, filters):
    """The date range facet with the bounds each entry selects."""
    entries = []
    for key, label, _days in DATE_RANGES:
        date_from, date_to = date_range_bounds(key)
        entries.append(
            {
                "value": key,
                "label": str(label),
                "count": counts.get(key, 0),
                "date_from": date_from.isoformat() if date_from else None,
                "date_to": date_to.isoformat() if date_to else None,
                "selected": filters.get("date_from") == date_from
                and filters.get("date_to") == date_to,
            }
        )
    return entries


def facet_filter_clauses(filters):
    """``{field: clause}`` of the reader's facet and date filters."""
    clauses = {}
    for name in FACET_FIELDS:
        if filters.get(name):
            clauses[name] = {"terms": {name: filters[name]}}
    date_range = {}
    if filters.get("date_from"):
        date_range["gte"] = filters["date_from"].isoformat()
    if filters.get("date_to"):
        date_range["lte"] = filters["date_to"].isoformat()
    if date_range:
        clauses["date"] = {"range": {"date": date_range}}
    return clauses


def aggregations(clauses):
    """Each facet counts within the other facets' filters (not its own)."""

    def within(name, agg):
        others = [clause for key, clause in clauses.items() if key != name]
        return {"filter": {"bool": {"filter": others}}, "aggs": {"f": agg}}

    aggs = {
        name: within(name, {"terms": {"field": name, "size": 30}})
        for name in ("silo", "office", "tags")
    }
    aggs["content_type"] = within(
        "content_type",
        {
            "terms": {"field": "content_type", "size": 30},
            "aggs": {"label": {"terms": {"field": "content_type_label", "size": 1}}},
        },
    )
    today = timezone.localdate()
    ranges = []
    for key, _label, _days in DATE_RANGES:
        date_from, date_to = date_range_bounds(key, today)
        entry = {"key": key}
        if date_from:
            entry["from"] = date_from.isoformat()
        if date_to:
            entry["to"] = (date_to + datetime.timedelta(days=1)).isoformat()
        ranges.append(entry)
    aggs["date"] = within("date", {"date_range": {"field": "date", "ranges": ranges}})
    return aggs


def engine_facets(aggs, filters):
    """The facets of an engine answer, from its aggregations."""
    buckets = {name: aggs[name]["f"]["buckets"] for name in ("silo", "office", "tags")}
    facets = {
        "silo": facet_entries(
            "silo",
            [(b["key"], b["doc_count"]) for b in buckets["silo"]],
            filters.get("silo", []),
            SILO_LABELS,
        )
    }
    type_buckets = aggs["content_type"]["f"]["buckets"]
    type_labels = {
        b["key"]: (b["label"]["buckets"][0]["key"] if b["label"]["buckets"] else b["key"])
        for b in type_buckets
    }
    facets["content_type"] = facet_entries(
        "content_type",
        [(b["key"], b["doc_count"]) for b in type_buckets],
        filters.get("content_type", []),
        type_labels,
    )
    offices = [(b["key"], b["doc_count"]) for b in buckets["office"]]
    facets["office"] = facet_entries(
        "office", offices, filters.get("office", []), office_labels(k for k, _c in offices)
    )
    facets["tags"] = facet_entries(
        "tags", [(b["key"], b["doc_count"]) for b in buckets["tags"]], filters.get("tags", [])
    )
    date_counts = {b["key"]: b["doc_count"] for b in aggs["date"]["f"]["buckets"]}
    facets["date"] = date_facet(date_counts, filters)
    return facets
