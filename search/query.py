"""Permission-aware search over the engine: results, facets, highlights,
"did you mean", best bets and autocomplete.

Visibility is decided by one filter only (search/CONTRACT.md): the user's
failed restriction keys in a ``must_not terms`` clause, placed in the main
``bool.filter`` so that hits, totals, aggregations and highlights all come
from the trimmed set. The filters a reader picks in the facets go into
``post_filter`` (and into each other facet's aggregation), so a facet keeps
showing its alternatives with their counts.

Without an engine (no ``ELASTICSEARCH_URL``) or while it is down, the same
functions answer from the database (search/database.py)."""

import datetime
import html
import logging
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from cms.permissions import failed_restriction_keys

from .documents import parse_key
from .facets import (
    FACET_FIELDS,
    aggregations,
    engine_facets,
    facet_filter_clauses,
)
from .models import BestBet, Synonym, normalise_query
from .recheck import recheck, visible_keys
from .sources import synonym_expansions
from .stats import record_search

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 50
MAX_RESULT_WINDOW = 10000
SUGGEST_SIZE = 8
# Items behind a did-you-mean candidate that are asked of the core.
DID_YOU_MEAN_RECHECK = 5
SORTS = ("relevance", "date")
# API parameter → index field of the facet filters.
FILTER_PARAMS = {"silo": "silo", "type": "content_type", "office": "office", "tag": "tags"}
# Highlight markers the engine puts around matches: private-use characters
# that never occur in content, so escaping the fragment cannot touch them
# and nothing from the content can pose as a marker.
MARK_START, MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchError(ValueError):
    """A bad search request; the message is German and shown to the reader."""


@dataclass
class SearchResult:
    """One page of results with facets, as the API returns it."""

    total: int = 0
    page: int = 1
    per_page: int = 20
    items: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    best_bets: list = field(default_factory=list)
    degraded: list = field(default_factory=list)

    def to_dict(self):
        """The JSON form of the API."""
        return asdict(self)

    @property
    def pages(self):
        """Number of result pages (at least 1)."""
        return max(1, -(-min(self.total, MAX_RESULT_WINDOW) // self.per_page))


# --- parameters -------------------------------------------------------------


def parse_date(value, name):
    """An ISO date from a parameter; ``SearchError`` naming ``name`` otherwise."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise SearchError(
            _("„%(name)s“ muss ein Datum im Format JJJJ-MM-TT sein.") % {"name": name}
        ) from None


def validate(q, filters, sort, page, per_page):
    """Check the arguments of :func:`search`; returns the cleaned filters."""
    if not q or not q.strip():
        raise SearchError(_("Bitte geben Sie einen Suchbegriff ein."))
    if len(q) > 200:
        raise SearchError(_("Der Suchbegriff darf höchstens 200 Zeichen lang sein."))
    if sort not in SORTS:
        raise SearchError(_("„sort“ muss „relevance“ oder „date“ sein."))
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchError(
            _("„per_page“ muss zwischen 1 und %(max)d liegen.") % {"max": MAX_PER_PAGE}
        )
    if not isinstance(page, int) or page < 1:
        raise SearchError(_("„page“ muss mindestens 1 sein."))
    if page * per_page > MAX_RESULT_WINDOW:
        raise SearchError(
            _("So weit kann nicht geblättert werden. Bitte verfeinern Sie die Suche.")
        )
    cleaned = {}
    for key, value in (filters or {}).items():
        key = {"type": "content_type", "tag": "tags"}.get(key, key)
        if key in FACET_FIELDS:
            values = [value] if isinstance(value, str) else list(value or [])
            if values:
                cleaned[key] = [str(v) for v in values]
        elif key in ("date_from", "date_to"):
            if value:
                cleaned[key] = value if isinstance(value, datetime.date) else parse_date(value, key)
        else:
            raise SearchError(_("Unbekannter Filter „%(name)s“.") % {"name": key})
    date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
    if date_from and date_to and date_from > date_to:
        raise SearchError(_("„date_from“ darf nicht nach „date_to“ liegen."))
    return cleaned


# --- shared helpers (engine and database) -----------------------------------


def safe_highlight(fragment):
    """HTML of a highlighted fragment: everything escaped, the engine's
    markers turned into ``<mark>``."""
    escaped = html.escape(fragment, quote=False)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def query_variants(q, user=None):
    """The query and its synonym expansions: the editors' ``Synonym`` entries
    and the registered synonym providers (workspace glossaries), the latter
    only from what ``user`` may see. The query itself comes first, each
    expansion once."""
    variants = [q]
    seen = {normalise_query(q)}
    for text in [*Synonym.expand(q), *synonym_expansions(q, user)]:
        if text not in seen:
            seen.add(text)
            variants.append(text)
    return variants


# --- the engine query -------------------------------------------------------


def trim_filter(user):
    """The one visibility filter of search/CONTRACT.md."""
    keys = failed_restriction_keys(user)
    return {"bool": {"must_not": {"terms": {"restriction_keys": keys}}}}


def _text_query(variants):
    """Relevance: field boosts, typo tolerance, exact and phrase boosts."""
    should = []
    for position, text in enumerate(variants):
        # Synonym expansions count a little less than what was typed.
        weight = 1.0 if position == 0 else 0.8
        should.append(
            {
                "multi_match": {
                    "query": text,
                    "fields": ["title^4", "number.text^5", "summary^2", "body"],
                    "type": "best_fields",
                    "fuzziness": "AUTO",
                    "prefix_length": 1,
                    "operator": "and",
                    "boost": weight,
                }
            }
        )
        # Without fuzziness: exact (stemmed) matches beat typo matches.
        should.append(
            {
                "multi_match": {
                    "query": text,
                    "fields": ["title^4", "number.text^5", "summary^2", "body"],
                    "type": "best_fields",
                    "operator": "and",
                    "boost": 2 * weight,
                }
            }
        )
    # The words as typed (unstemmed, not split into compound parts): an exact
    # word beats a compound that merely shares a part ("Krankmeldung" vs
    # "Meldung Arbeitsunfall").
    should.append({"match": {"title.plain": {"query": variants[0], "boost": 6}}})
    should.append({"match": {"spell": {"query": variants[0], "operator": "and", "boost": 1}}})
    # Word beginnings in titles: finds the head of compounds the decompounder
    # does not know ("Telefax" → "Telefaxverkehr").
    should.append(
        {"match": {"title.prefix": {"query": variants[0], "operator": "and", "boost": 0.5}}}
    )
    # All words of the query, as a fallback when no document has every word.
    should.append(
        {
            "multi_match": {
                "query": variants[0],
                "fields": ["title^4", "summary^2", "body"],
                "fuzziness": "AUTO",
                "prefix_length": 1,
                "boost": 0.3,
            }
        }
    )
    boosts = [
        {"match_phrase": {"title": {"query": variants[0], "boost": 6}}},
        {"match_phrase": {"body": {"query": variants[0], "slop": 2, "boost": 1}}},
        {"term": {"number": {"value": variants[0].upper(), "boost": 20}}},
    ]
    return {"bool": {"should": should, "minimum_should_match": 1}}, boosts


def _scored_query(variants, trim):
    """The text query with the trimming filter, recency for news and a lower
    rank for outdated items (function scores valid on OpenSearch 2 and ES 8)."""
    text, boosts = _text_query(variants)
    base = {"bool": {"must": [text], "should": boosts, "filter": [trim]}}
    news = {"term": {"content_type": "home.NewsPage"}}
    recency = {
        "function_score": {
            "query": base,
            # News: half the score fixed, half decaying with age, so that an
            # old announcement still ranks but below a fresh one.
            "functions": [
                {"filter": news, "weight": 0.5},
                {
                    "filter": news,
                    "exp": {
                        "date": {"origin": "now", "scale": "60d", "offset": "7d", "decay": 0.5}
                    },
                    "weight": 0.5,
                },
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }
    }
    return {
        "function_score": {
            "query": recency,
            "functions": [{"filter": {"term": {"outdated": True}}, "weight": 0.3}],
            "score_mode": "multiply",
            "boost_mode": "multiply",
        }
    }


def build_search_body(user, q, filters, sort, page, per_page):
    """The request body of one search (exposed for tests and benchmarks)."""
    trim = trim_filter(user)
    clauses = facet_filter_clauses(filters)
    body = {
        "query": _scored_query(query_variants(q, user), trim),
        "from": (page - 1) * per_page,
        "size": per_page,
        "track_total_hits": True,
        "_source": {"excludes": ["body", "restriction_keys", "spell"]},
        "aggs": aggregations(clauses),
        "highlight": {
            "pre_tags": [MARK_START],
            "post_tags": [MARK_END],
            "encoder": "default",
            "require_field_match": False,
            "fields": {
                "title": {"number_of_fragments": 0},
                "summary": {"fragment_size": 160, "number_of_fragments": 1},
                "body": {"fragment_size": 160, "number_of_fragments": 2},
            },
        },
    }
    suggesters = _suggesters(q)
    if suggesters:
        body["suggest"] = suggesters
    if clauses:
        body["post_filter"] = {"bool": {"filter": list(clauses.values())}}
    if sort == "date":
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
    return body


def _item(hit):
    source = hit.get("_source", {})
    kind, _sep, pk = hit["_id"].partition(":")
    highlight = hit.get("highlight", {})
    snippets = [
        safe_highlight(fragment)
        for name in ("summary", "body")
        for fragment in highlight.get(name, [])
    ]
    title = highlight.get("title")
    return {
        "id": int(pk) if pk.isdigit() else pk,
        "kind": source.get("kind", kind),
        "content_type": source.get("content_type", ""),
        "content_type_label": source.get("content_type_label", ""),
        "title": source.get("title", ""),
        "url": source.get("url", ""),
        "summary": source.get("summary", ""),
        "date": source.get("date"),
        "office": source.get("office"),
        "silo": source.get("silo"),
        "tags": source.get("tags", []),
        "outdated": bool(source.get("outdated")),
        "highlight": {
            "title": safe_highlight(title[0]) if title else html.escape(source.get("title", "")),
            "snippets": snippets[:3],
        },
    }


def _suggesters(q):
    """Term suggesters for the words of ``q`` (sent with the main search).

    ``suggest_mode: always``: whether a word exists somewhere in the index
    must not decide anything, since it may exist only in hidden items."""
    return {
        f"w{i}": {
            "text": word,
            "term": {"field": "spell", "suggest_mode": "always", "size": 3, "max_edits": 2},
        }
        for i, word in enumerate(_WORD.findall(q)[:5])
    }


def _did_you_mean(engine, user, response, q, trim):
    """A corrected query, or None.

    Candidates come from the term suggester on the unstemmed ``spell`` field
    (its statistics include hidden items, so they are only candidates); a
    word is only replaced when it matches nothing the user may see and the
    candidate matches something they may see, checked with one trimmed
    ``filters`` aggregation, so the answer depends on the visible set only.
    The few items behind each candidate are then asked of the core as well
    (one query, search/recheck.py): between a restriction change and the
    re-indexing, the index alone would still offer a word of a now hidden
    item."""
    words = _WORD.findall(q)[:5]
    if not words:
        return None
    candidates = {}
    for i in range(len(words)):
        entries = response.get("suggest", {}).get(f"w{i}", [])
        options = [o["text"] for entry in entries for o in entry.get("options", [])]
        if options:
            candidates[i] = options
    if not candidates:
        return None
    checks = {}
    for i, options in candidates.items():
        checks[f"w{i}"] = {"match": {"spell": words[i]}}
        for j, option in enumerate(options):
            checks[f"w{i}o{j}"] = {"match": {"spell": option}}
    behind = {"top_hits": {"size": DID_YOU_MEAN_RECHECK, "_source": False}}
    body = {
        "size": 0,
        "query": {"bool": {"filter": [trim]}},
        "aggs": {"check": {"filters": {"filters": checks}, "aggs": {"behind": behind}}},
    }
    buckets = engine.search(body)["aggregations"]["check"]["buckets"]
    found = {
        name: [parse_key(hit["_id"]) for hit in bucket["behind"]["hits"]["hits"]]
        for name, bucket in buckets.items()
        if bucket["doc_count"] and name not in {f"w{i}" for i in candidates}
    }
    passed = visible_keys(user, {key for keys in found.values() for key in keys})
    corrected = list(words)
    changed = False
    for i, options in candidates.items():
        if buckets[f"w{i}"]["doc_count"]:
            continue
        for j, _option in enumerate(options):
            if any(key in passed for key in found.get(f"w{i}o{j}", ())):
                corrected[i] = options[j]
                changed = True
                break
    if not changed:
        return None
    result = q
    for word, new in zip(words, corrected, strict=True):
        if word != new:
            # The spell field is lower case: keep the reader's capitalisation.
            new = new[:1].upper() + new[1:] if word[:1].isupper() else new
            result = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", new, result, count=1)
    return result if normalise_query(result) != normalise_query(q) else None


def engine_search(engine, user, q, filters, sort, page, per_page):
    """Search on the engine; arguments already validated."""
    body = build_search_body(user, q, filters, sort, page, per_page)
    response = engine.search(body)
    hits = response["hits"]
    total = hits["total"]["value"] if isinstance(hits["total"], dict) else hits["total"]
    result = SearchResult(total=total, page=page, per_page=per_page)
    result.items = [_item(hit) for hit in hits["hits"]]
    result.facets = engine_facets(response["aggregations"], filters)
    # The index may lag behind a restriction change: ask the core again.
    recheck(user, result)
    result.suggestion = _did_you_mean(engine, user, response, q, trim_filter(user))
    return result


def engine_suggest(engine, user, prefix):
    """Up to eight visible titles starting with the words of ``prefix``."""
    body = {
        "size": SUGGEST_SIZE * 2,
        "_source": ["title"],
        "query": {
            "bool": {
                "must": [{"match": {"title.prefix": {"query": prefix, "operator": "and"}}}],
                "should": [{"match_phrase_prefix": {"title.plain": {"query": prefix}}}],
                "filter": [trim_filter(user)],
            }
        },
    }
    hits = engine.search(body)["hits"]["hits"]
    passed = visible_keys(user, [parse_key(hit["_id"]) for hit in hits])
    titles = []
    for hit in hits:
        title = hit["_source"].get("title", "")
        if parse_key(hit["_id"]) not in passed:
            continue
        if title and title not in titles:
            titles.append(title)
    return titles[:SUGGEST_SIZE]


# --- entry points -------------------------------------------------------------


def _engine():
    try:
        from .engine import get_engine
    except ImportError:  # the indexing side is not installed
        return None
    return get_engine()


def _unavailable_errors():
    from .engine import EngineUnavailable

    return (EngineUnavailable,)


def search(user, q, *, filters=None, sort="relevance", page=1, per_page=20, record=True):
    """Search everything ``user`` may see. Raises ``SearchError`` on bad input.

    Uses the engine when one is configured, the database otherwise (and while
    the engine is down, marking the result as degraded). Counts the query in
    the anonymous statistics when ``record`` is true and this is the first page."""
    q = (q or "").strip()
    filters = validate(q, filters, sort, page, per_page)
    engine = _engine()
    result = None
    if engine is not None:
        try:
            result = engine_search(engine, user, q, filters, sort, page, per_page)
        except _unavailable_errors():
            logger.warning("Suchmaschine nicht erreichbar, Suche aus der Datenbank")
    if result is None:
        from . import database

        result = database.database_search(user, q, filters, sort, page, per_page)
        if engine is not None:
            result.degraded.insert(0, "engine_unavailable")
    result.best_bets = BestBet.for_query(user, q) if page == 1 else []
    if record and page == 1:
        record_search(q, result.total)
    return result


def suggest(user, prefix):
    """Autocomplete: up to eight titles ``user`` may see. Raises ``SearchError``."""
    prefix = (prefix or "").strip()
    if not prefix:
        raise SearchError(_("Bitte geben Sie einen Suchbegriff ein."))
    if len(prefix) > 100:
        raise SearchError(_("Der Suchbegriff darf höchstens 100 Zeichen lang sein."))
    engine = _engine()
    if engine is not None:
        try:
            return engine_suggest(engine, user, prefix)
        except _unavailable_errors():
            logger.warning("Suchmaschine nicht erreichbar, Vorschläge aus der Datenbank")
    from . import database

    return database.database_suggest(user, prefix)
