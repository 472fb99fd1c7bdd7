"""Each page of engine hits is checked again against the permission core.

The engine trims by the restriction keys stored with every item, and those
keys change only when the re-indexing task has run. In production that task
waits in the database queue, so for a while after a restriction was added
(or a page unpublished or expired) the index still holds the old keys. The
hits of one result page are therefore asked of the database once more:
pages through ``visible_pages``, documents through
``visible_collection_members``, the items of registered sources through
their ``visible(user, pks)``. All of it is one SQL query (a UNION), whatever
the number of hits or kinds; what fails is dropped from the page, and the
total and the facet counts are reduced by what was dropped."""

import datetime

from django.db.models import CharField, QuerySet, Value

from cms.models import IntranetDocument
from cms.permissions import visible_collection_members, visible_pages

from .sources import sources

# Kinds governed by no restriction (units of the org structure).
UNRESTRICTED_KINDS = frozenset({"unit"})


def _visible_querysets(user, pks_by_kind):
    """``{kind: visible items}`` for the kinds that need a check: querysets,
    or pks from a source kept outside the database."""
    from wagtail.models import Page

    registered = sources()
    result = {}
    for kind, pks in pks_by_kind.items():
        if kind == "page":
            result[kind] = visible_pages(user, Page.objects.filter(pk__in=pks))
        elif kind == "document":
            documents = IntranetDocument.objects.filter(pk__in=pks)
            result[kind] = visible_collection_members(user, documents)
        elif kind in registered:
            result[kind] = registered[kind].visible(user, pks)
        # Anything else is unknown to the database and stays out (below).
    return result


def visible_keys(user, keys):
    """The subset of ``keys`` (``(kind, pk)`` pairs) that ``user`` may see
    now, by the database: one query for all of them."""
    pks_by_kind = {}
    passed = set()
    for kind, pk in keys:
        if kind in UNRESTRICTED_KINDS:
            passed.add((kind, pk))
        else:
            pks_by_kind.setdefault(kind, set()).add(pk)
    querysets = []
    for kind, visible in _visible_querysets(user, pks_by_kind).items():
        if not isinstance(visible, QuerySet):
            # A source outside the database answered with its pks already.
            passed.update((kind, pk) for pk in visible if pk in pks_by_kind[kind])
            continue
        kinded = visible.order_by().annotate(_recheck_kind=Value(kind, output_field=CharField()))
        querysets.append(kinded.values_list("_recheck_kind", "pk"))
    if querysets:
        first, *rest = querysets
        combined = first.union(*rest, all=True) if rest else first
        passed.update((kind, pk) for kind, pk in combined)
    return passed


def _item_key(item):
    return (item["kind"], item["id"])


def _in_date_range(entry, value):
    """Whether the item date ``value`` (ISO text) lies in a date facet entry."""
    if not value:
        return False
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return False
    date_from = entry.get("date_from")
    date_to = entry.get("date_to")
    if date_from and day < datetime.date.fromisoformat(date_from):
        return False
    return not (date_to and day > datetime.date.fromisoformat(date_to))


def _discount(facets, item):
    """Take one dropped ``item`` out of the facet counts."""
    values = {
        "silo": [item.get("silo")],
        "content_type": [item.get("content_type")],
        "office": [item.get("office")],
        "tags": item.get("tags") or [],
    }
    for name, entries in facets.items():
        for entry in entries:
            if name == "date":
                hit = _in_date_range(entry, item.get("date"))
            else:
                hit = entry["value"] in values.get(name, [])
            if hit and entry["count"] > 0:
                entry["count"] -= 1
        if name != "date":
            # A value that only the dropped items had disappears, as it would
            # from a fresh index; the reader's own selection stays.
            entries[:] = [e for e in entries if e["count"] or e["selected"]]
            entries.sort(key=lambda e: (-e["count"], e["label"].lower()))


def recheck(user, result):
    """Drop the items of ``result`` (a ``SearchResult``) that ``user`` may not
    see now, and correct its total and facets by what was dropped."""
    if not result.items:
        return result
    passed = visible_keys(user, [_item_key(item) for item in result.items])
    dropped = [item for item in result.items if _item_key(item) not in passed]
    if not dropped:
        return result
    result.items = [item for item in result.items if _item_key(item) in passed]
    result.total = max(0, result.total - len(dropped))
    for item in dropped:
        _discount(result.facets, item)
    return result
