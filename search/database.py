"""The embedded default: search from the database when no engine is set up
(or while it is down), with the same signatures and result shape as the
engine search in search/query.py.

Candidates are found among what the permission core lets the user see
(``visible_pages(..., for_search=True)`` and ``visible_collection_members``)
with Wagtail's database search backend plus a title substring match, and
among the items of registered sources (search/sources.py) through each
source's ``database_matches(user, text, limit)``; their
index documents are built by search/documents.py, so facets, labels and the
outdated mark are the same as on the engine. Facet counts come from the
trimmed candidates only. What the database cannot do is listed in
``degraded`` so the page can say so instead of silently being worse."""

import datetime
import html

from django.db.models import Q

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cms.models import IntranetDocument
from cms.permissions import (
    failed_restriction_keys,
    visible_collection_members,
    visible_pages,
)

from .facets import (
    FACET_FIELDS,
    SILO_LABELS,
    date_facet,
    date_range_bounds,
    facet_entries,
    office_labels,
)
from .query import SUGGEST_SIZE, SearchResult, query_variants
from .sources import sources

# Enough for a useful answer, bounded so a vague query cannot load the site.
MAX_CANDIDATES = 500
DEGRADED = ["highlight", "fuzzy", "compound_splitting", "stemming", "did_you_mean"]


def _search_ids(queryset, variants, limit=MAX_CANDIDATES):
    """Ids of ``queryset`` matching any variant: full-text plus title substring."""
    backend = get_search_backend()
    ids = []
    for text in variants:
        title_ids = queryset.filter(title__icontains=text).values_list("pk", flat=True)[:limit]
        ids.extend(title_ids)
        try:
            found = backend.search(text, queryset.order_by())[:limit]
            ids.extend(item.pk for item in found)
        except Exception:  # noqa: BLE001 - a backend quirk must not break the fallback
            continue
    return list(dict.fromkeys(ids))[:limit]


def _source_matches(user, variants, limit=MAX_CANDIDATES):
    """``{kind: [pk, …]}`` of the registered sources' items matching any
    variant, at most ``limit`` per kind, as each source's visibility allows."""
    found = {}
    for kind, source in sources().items():
        pks = []
        for text in variants:
            pks.extend(source.database_matches(user, text, limit) or [])
        if pks:
            found[kind] = list(dict.fromkeys(pks))[:limit]
    return found


def _trimmed(user, built):
    """The same rule as the engine's filter, applied again to what was built:
    nothing whose restriction keys the user fails may pass."""
    failed = set(failed_restriction_keys(user))
    return [(k, d) for k, d in built if not failed.intersection(d.get("restriction_keys", []))]


def _candidates(user, variants):
    """``[(doc_id, document)]`` the user may see that match the query."""
    from . import documents

    pages = visible_pages(user, Page.objects.filter(depth__gt=1), for_search=True)
    docs = visible_collection_members(user, IntranetDocument.objects.all())
    built = []
    for pk, doc in documents.page_documents(_search_ids(pages, variants)).items():
        built.append((documents.key("page", pk), doc))
    for pk, doc in documents.document_documents(_search_ids(docs, variants)).items():
        built.append((documents.key("document", pk), doc))
    from offices.models import OrgUnit

    unit_filter = Q()
    for text in variants:
        unit_filter |= Q(name__icontains=text) | Q(short_name__iexact=text)
    unit_ids = OrgUnit.objects.filter(unit_filter).values_list("pk", flat=True)[:50]
    for pk, doc in documents.unit_documents(list(unit_ids)).items():
        built.append((documents.key("unit", pk), doc))
    for kind, pks in _source_matches(user, variants).items():
        for pk, doc in sources()[kind].build(pks).items():
            built.append((documents.key(kind, pk), doc))
    return _trimmed(user, built)


def _date(doc):
    value = doc.get("date")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _matches(doc, filters, skip=None):
    for name in FACET_FIELDS:
        if name == skip or not filters.get(name):
            continue
        values = doc.get(name) or []
        values = values if isinstance(values, list) else [values]
        if not set(values) & set(filters[name]):
            return False
    if skip != "date" and (filters.get("date_from") or filters.get("date_to")):
        day = _date(doc)
        if day is None:
            return False
        if filters.get("date_from") and day < filters["date_from"]:
            return False
        if filters.get("date_to") and day > filters["date_to"]:
            return False
    return True


def _score(doc, variants):
    """A crude rank: title matches first, outdated items last."""
    title = (doc.get("title") or "").lower()
    score = 1.0
    for position, text in enumerate(variants):
        if text.lower() in title:
            score = max(score, 4.0 if position == 0 else 3.0)
    if (doc.get("number") or "").lower() == variants[0].lower():
        score = 10.0
    return score * (0.3 if doc.get("outdated") else 1.0)


def _facets(candidates, filters):
    facets = {}
    labels = {"silo": SILO_LABELS, "content_type": {}, "office": {}, "tags": {}}
    for name in FACET_FIELDS:
        counts = {}
        for _key, doc in candidates:
            if not _matches(doc, filters, skip=name):
                continue
            values = doc.get(name) or []
            for value in values if isinstance(values, list) else [values]:
                counts[value] = counts.get(value, 0) + 1
                if name == "content_type":
                    labels[name][value] = doc.get("content_type_label") or value
        if name == "office":
            labels[name] = office_labels(counts)
        facets[name] = facet_entries(name, counts.items(), filters.get(name, []), labels[name])
    date_counts = {}
    for _key, doc in candidates:
        day = _date(doc)
        if day is None or not _matches(doc, filters, skip="date"):
            continue
        for key in ("7d", "30d", "year", "older"):
            date_from, date_to = date_range_bounds(key)
            if (date_from is None or day >= date_from) and (date_to is None or day <= date_to):
                date_counts[key] = date_counts.get(key, 0) + 1
    facets["date"] = date_facet(date_counts, filters)
    return facets


def _item(doc_id, doc):
    kind, _sep, pk = doc_id.partition(":")
    summary = doc.get("summary") or ""
    return {
        "id": int(pk) if pk.isdigit() else pk,
        "kind": doc.get("kind", kind),
        "content_type": doc.get("content_type", ""),
        "content_type_label": doc.get("content_type_label", ""),
        "title": doc.get("title", ""),
        "url": doc.get("url", ""),
        "summary": summary,
        "date": doc.get("date"),
        "office": doc.get("office"),
        "silo": doc.get("silo"),
        "tags": doc.get("tags", []),
        "outdated": bool(doc.get("outdated")),
        # No highlighting in the database: the escaped title and summary.
        "highlight": {
            "title": html.escape(doc.get("title", "")),
            "snippets": [html.escape(summary[:200])] if summary else [],
        },
    }


def database_search(user, q, filters, sort, page, per_page):
    """Search from the database; arguments already validated by search/query.py."""
    variants = query_variants(q, user)
    candidates = _candidates(user, variants)
    selected = [(k, d) for k, d in candidates if _matches(d, filters)]
    if sort == "date":
        selected.sort(key=lambda kd: (_date(kd[1]) or datetime.date.min, kd[0]), reverse=True)
    else:
        selected.sort(key=lambda kd: (-_score(kd[1], variants), kd[1].get("title", "")))
    start = (page - 1) * per_page
    result = SearchResult(total=len(selected), page=page, per_page=per_page)
    result.items = [_item(k, d) for k, d in selected[start : start + per_page]]
    result.facets = _facets(candidates, filters)
    result.degraded = list(DEGRADED)
    if len(candidates) >= MAX_CANDIDATES:
        result.degraded.append("result_limit")
    return result


def database_suggest(user, prefix):
    """Up to eight visible titles of pages, documents and source items
    starting with ``prefix``."""
    pages = visible_pages(user, Page.objects.filter(depth__gt=1), for_search=True)
    docs = visible_collection_members(user, IntranetDocument.objects.all())
    titles = []
    for queryset in (pages, docs):
        found = queryset.filter(title__istartswith=prefix).order_by("title")
        for title in found.values_list("title", flat=True)[:SUGGEST_SIZE]:
            if title not in titles:
                titles.append(title)
    built = []
    for kind, pks in _source_matches(user, [prefix], SUGGEST_SIZE * 4).items():
        built.extend(sources()[kind].build(pks).items())
    for _pk, doc in _trimmed(user, built):
        title = doc.get("title") or ""
        if title.lower().startswith(prefix.lower()) and title not in titles:
            titles.append(title)
    return sorted(titles, key=str.lower)[:SUGGEST_SIZE]
