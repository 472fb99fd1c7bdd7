"""The search engine: one cluster (OpenSearch or Elasticsearch), one alias.

Readers and writers only ever use the alias ``<prefix>-content``; concrete
indexes are ``<prefix>-content-<timestamp>``. A rebuild fills a new concrete
index and moves the alias in one atomic request, so searches never see a
half-built index.

The engine kind is detected from the server's root response
(``version.distribution == "opensearch"``) unless ``SEARCH_BACKEND`` says it.
The matching client is used because the ``elasticsearch`` client refuses
servers that are not Elasticsearch. Only DSL that both engines accept is used.
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import UTC, datetime

from django.conf import settings

logger = logging.getLogger(__name__)

# Parts of German administrative compounds. The decompounder splits a token
# into every listed part it contains ("Dienstanweisung" → "dienst",
# "anweisung"), so a search for a part finds the compound. Lower case, and
# spelled both with and without umlauts because decompounding runs before
# the normalisation filters.
COMPOUND_PARTS = [
    "abfall",
    "abrechnung",
    "amt",
    "angelegenheit",
    "anmeldung",
    "antrag",
    "anweisung",
    "arbeit",
    "arzt",
    "aerzte",
    "ärzte",
    "aufgabe",
    "ausbildung",
    "ausweis",
    "bau",
    "beauftragte",
    "behörde",
    "behoerde",
    "beihilfe",
    "bericht",
    "bescheid",
    "beschluss",
    "betrieb",
    "bewerbung",
    "bildung",
    "brand",
    "buch",
    "bürger",
    "buerger",
    "daten",
    "dienst",
    "digital",
    "dokument",
    "eltern",
    "entwicklung",
    "erklärung",
    "erklaerung",
    "fahrt",
    "familie",
    "finanz",
    "formular",
    "fortbildung",
    "frist",
    "führung",
    "fuehrung",
    "gebühr",
    "gebuehr",
    "geld",
    "genehmigung",
    "gesetz",
    "gesundheit",
    "gewerbe",
    "haus",
    "haushalt",
    "hilfe",
    "jugend",
    "kasse",
    "kinder",
    "kosten",
    "leistung",
    "leitung",
    "liste",
    "meldung",
    "mittel",
    "nachweis",
    "ordnung",
    "organisation",
    "personal",
    "plan",
    "planung",
    "pflicht",
    "prüfung",
    "pruefung",
    "rat",
    "recht",
    "regel",
    "reise",
    "richtlinie",
    "sachgebiet",
    "satzung",
    "schule",
    "schutz",
    "sicherheit",
    "sitzung",
    "sozial",
    "stadt",
    "stelle",
    "steuer",
    "straße",
    "strasse",
    "system",
    "urlaub",
    "veranstaltung",
    "verfahren",
    "vergabe",
    "verkehr",
    "vertrag",
    "vertretung",
    "verwaltung",
    "verzeichnis",
    "vorlage",
    "vorschrift",
    "wahl",
    "weiterbildung",
    "wesen",
    "wohnung",
    "zeit",
    "zulage",
]

ALIAS_SUFFIX = "content"


class EngineUnavailable(Exception):
    """The search engine cannot be reached (connection refused, timeout, DNS).

    Indexing tasks catch it and retry later; the queue keeps the work."""


class IndexMissing(EngineUnavailable):
    """The engine answers, but our index (the alias) does not exist yet, e.g.
    configured but never built. Searches fall back to the database as when the
    engine is down; ``index_all`` builds the index."""


def _is_index_missing(exc):
    """Whether a client error is the engine's "no such index" answer."""
    status = getattr(exc, "status_code", None) or getattr(exc, "meta", None)
    status = getattr(status, "status", status)
    return status == 404 and "index_not_found_exception" in str(exc)


def _not_found_errors():
    """The classes both clients raise for an HTTP 404 of the engine."""
    errors = []
    try:
        import opensearchpy

        errors.append(opensearchpy.NotFoundError)
    except ImportError:  # pragma: no cover - both clients are installed
        pass
    try:
        import elasticsearch

        errors.append(elasticsearch.NotFoundError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


class BulkError(Exception):
    """Some actions of a bulk request failed; ``errors`` holds the item errors."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} bulk action(s) failed, first: {errors[0]!r}")


def index_settings():
    """Settings of a concrete index: one shard, German analysis."""
    return {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "max_result_window": 10000,
        "analysis": {
            "filter": {
                "de_compounds": {
                    "type": "dictionary_decompounder",
                    "word_list": COMPOUND_PARTS,
                    "min_subword_size": 3,
                    "only_longest_match": False,
                },
                "de_stem": {"type": "stemmer", "language": "light_german"},
                "de_autocomplete": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
            },
            "analyzer": {
                # Full-text fields: split compounds, fold ä→a/ß→ss, stem.
                "de": {
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "de_compounds",
                        "german_normalization",
                        "asciifolding",
                        "de_stem",
                    ],
                },
                # Autocomplete on the title: prefixes of each folded word.
                "de_prefix": {
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "german_normalization",
                        "asciifolding",
                        "de_autocomplete",
                    ],
                },
                "de_prefix_search": {
                    "tokenizer": "standard",
                    "filter": ["lowercase", "german_normalization", "asciifolding"],
                },
                # Whole words as written, for "did you mean" suggestions.
                "plain": {"tokenizer": "standard", "filter": ["lowercase"]},
            },
        },
    }


def index_mappings():
    """The mapping of the index document (see search/CONTRACT.md)."""
    text = {"type": "text", "analyzer": "de", "copy_to": "spell"}
    return {
        "dynamic": False,
        "properties": {
            "kind": {"type": "keyword"},
            "content_type": {"type": "keyword"},
            "content_type_label": {"type": "keyword"},
            "silo": {"type": "keyword"},
            "office": {"type": "keyword"},
            "tags": {"type": "keyword"},
            "title": {
                **text,
                "fields": {
                    "prefix": {
                        "type": "text",
                        "analyzer": "de_prefix",
                        "search_analyzer": "de_prefix_search",
                    },
                    "raw": {"type": "keyword", "ignore_above": 256},
                    "plain": {"type": "text", "analyzer": "plain"},
                },
            },
            "summary": dict(text),
            "body": dict(text),
            "number": {
                "type": "keyword",
                "fields": {"text": {"type": "text", "analyzer": "de_prefix_search"}},
            },
            "url": {"type": "keyword", "index": False},
            "date": {"type": "date"},
            "locale": {"type": "keyword"},
            "outdated": {"type": "boolean"},
            "restriction_keys": {"type": "keyword"},
            # Words of title, summary and body unstemmed, for term/phrase suggesters.
            "spell": {"type": "text", "analyzer": "plain"},
        },
    }


def _connection_errors():
    """The exception classes of both clients that mean "engine not reachable"."""
    errors = [ConnectionError, TimeoutError, urllib.error.URLError]
    try:
        import opensearchpy

        errors += [opensearchpy.ConnectionError, opensearchpy.ConnectionTimeout]
    except ImportError:  # pragma: no cover - both clients are installed
        pass
    try:
        import elastic_transport
        import elasticsearch

        errors += [
            elasticsearch.ConnectionError,
            elasticsearch.ConnectionTimeout,
            elastic_transport.TransportError,
        ]
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def detect_kind(url, timeout=5):
    """ "opensearch" or "elasticsearch", from the root response of ``url``.

    Plain HTTP instead of a client: the elasticsearch client would refuse to
    talk to OpenSearch before we know which one it is."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=timeout) as response:  # noqa: S310 - configured URL
            info = json.load(response)
    except (OSError, ValueError) as exc:
        raise EngineUnavailable(f"Suchmaschine unter {url} nicht erreichbar: {exc}") from exc
    distribution = info.get("version", {}).get("distribution", "")
    return "opensearch" if distribution == "opensearch" else "elasticsearch"


class Engine:
    """One search cluster and the alias our documents live under.

    Every method raises ``EngineUnavailable`` when the cluster cannot be reached."""

    def __init__(self, url, prefix="intranet", kind=""):
        self.url = url
        self.prefix = prefix
        self.kind = kind or ""
        self.alias = f"{prefix}-{ALIAS_SUFFIX}"
        self._client = None
        self._errors = _connection_errors()

    # --- connection ---------------------------------------------------------

    @property
    def client(self):
        """The low-level client (opensearch-py or elasticsearch), created on first use."""
        if self._client is None:
            if not self.kind:
                self.kind = detect_kind(self.url)
            if self.kind == "opensearch":
                from opensearchpy import OpenSearch

                self._client = OpenSearch(hosts=[self.url], timeout=30, max_retries=1)
            else:
                from elasticsearch import Elasticsearch

                self._client = Elasticsearch(self.url, request_timeout=30, max_retries=1)
        return self._client

    def _call(self, func, *args, **kwargs):
        """Run a client call, turning connection failures into EngineUnavailable."""
        try:
            return func(*args, **kwargs)
        except EngineUnavailable:
            raise
        except self._errors as exc:
            raise EngineUnavailable(
                f"Suchmaschine unter {self.url} nicht erreichbar: {exc}"
            ) from exc

    def ping(self):
        """Whether the cluster answers (never raises)."""
        try:
            return bool(self._call(lambda: self.client.ping()))
        except EngineUnavailable:
            return False

    # --- indexes and the alias ----------------------------------------------

    def new_index_name(self):
        """A fresh concrete index name: ``<alias>-<UTC timestamp>``."""
        return f"{self.alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"

    def create_index(self, name=None):
        """Create a concrete index with our settings and mapping; returns its name."""
        name = name or self.new_index_name()
        body = {"settings": index_settings(), "mappings": index_mappings()}
        self._call(lambda: self.client.indices.create(index=name, body=body))
        return name

    def alias_targets(self):
        """The concrete indexes the alias points at now (empty if there is no alias)."""

        def targets():
            if not self.client.indices.exists_alias(name=self.alias):
                return []
            return sorted(self.client.indices.get_alias(name=self.alias))

        return self._call(targets)

    def ensure_index(self):
        """Make sure the alias exists (creating a first index); returns the concrete name."""
        targets = self.alias_targets()
        if targets:
            return targets[0]
        name = self.create_index()
        self.switch_alias(name)
        return name

    def switch_alias(self, new_index):
        """Point the alias at ``new_index`` in one atomic request, then delete the old indexes."""
        old = [name for name in self.alias_targets() if name != new_index]
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self._call(lambda: self.client.indices.update_aliases(body={"actions": actions}))
        for name in old:
            self.delete_index(name)
        return old

    def delete_index(self, name):
        """Delete one concrete index (missing is fine)."""
        self._call(lambda: self.client.indices.delete(index=name, ignore_unavailable=True))

    def drop(self):
        """Delete the alias and every index of this prefix (tests, uninstall)."""

        def drop():
            names = self.client.indices.get(index=f"{self.alias}-*", ignore_unavailable=True)
            for name in names:
                self.client.indices.delete(index=name, ignore_unavailable=True)

        self._call(drop)

    def set_refresh_interval(self, index, interval):
        """``"-1"`` switches the periodic refresh of ``index`` off (bulk
        loading); None restores the engine's default."""
        body = {"index": {"refresh_interval": interval}}
        self._call(lambda: self.client.indices.put_settings(index=index, body=body))

    def refresh(self, index=None):
        """Make what was written visible to searches (tests, after a rebuild)."""
        self._call(lambda: self.client.indices.refresh(index=index or self.alias))

    # --- documents ----------------------------------------------------------

    def bulk(self, actions, index=None, chunk_size=500, refresh=False):
        """Write index/delete actions in chunks.

        ``actions`` are dicts ``{"_op_type": "index", "_id": id, "_source": doc}`` or
        ``{"_op_type": "delete", "_id": id}``. Deleting a missing document is not an
        error. Returns ``{"indexed": n, "deleted": n}``; raises ``BulkError`` with the
        item errors if any action failed, ``EngineUnavailable`` if the engine is down."""
        index = index or self.alias
        counts = {"indexed": 0, "deleted": 0}
        errors = []
        chunk = []
        for action in actions:
            chunk.append(action)
            if len(chunk) >= chunk_size:
                self._bulk_chunk(chunk, index, counts, errors, refresh)
                chunk = []
        if chunk:
            self._bulk_chunk(chunk, index, counts, errors, refresh)
        if errors:
            for error in errors[:10]:
                logger.error("Bulk-Fehler: %s", error)
            raise BulkError(errors)
        return counts

    def _bulk_chunk(self, chunk, index, counts, errors, refresh):
        lines = []
        for action in chunk:
            op = action.get("_op_type", "index")
            lines.append({op: {"_index": action.get("_index", index), "_id": action["_id"]}})
            if op != "delete":
                lines.append(action["_source"])
        kwargs = {"refresh": "true"} if refresh else {}
        response = self._call(lambda: self.client.bulk(body=lines, **kwargs))
        if hasattr(response, "body"):
            response = response.body
        for item in response.get("items", []):
            op, result = next(iter(item.items()))
            status = result.get("status", 500)
            if op == "delete":
                if status in (200, 404):
                    counts["deleted"] += 1
                    continue
            elif status < 300:
                counts["indexed"] += 1
                continue
            errors.append({"op": op, "id": result.get("_id"), "error": result.get("error")})

    def search(self, body, index=None, **params):
        """Run a search against the alias; returns the raw response as a dict.

        Raises ``IndexMissing`` when the index was never built."""
        try:
            response = self._call(
                lambda: self.client.search(index=index or self.alias, body=body, **params)
            )
        except _not_found_errors() as exc:
            if not _is_index_missing(exc):
                raise
            raise IndexMissing(f"Suchindex {index or self.alias} existiert nicht") from exc
        return response.body if hasattr(response, "body") else response

    def count(self, body=None, index=None):
        """The number of documents matching ``body`` (all when None)."""
        response = self._call(
            lambda: self.client.count(
                index=index or self.alias, body=body or {"query": {"match_all": {}}}
            )
        )
        return response["count"]

    def get(self, doc_id, index=None):
        """The stored document ``doc_id`` (its ``_source``), or None."""

        def fetch():
            if not self.client.exists(index=index or self.alias, id=doc_id):
                return None
            response = self.client.get(index=index or self.alias, id=doc_id)
            return response["_source"]

        return self._call(fetch)

    def scan(self, fields=("restriction_keys",), index=None, page_size=1000):
        """Yield ``(_id, source)`` of every document, sorted by ``_id`` with
        ``search_after`` (no scroll context to leak, works on both engines)."""
        after = None
        while True:
            body = {
                "size": page_size,
                "query": {"match_all": {}},
                "_source": list(fields),
                "sort": [{"_id": "asc"}],
            }
            if after is not None:
                body["search_after"] = after
            hits = self.search(body, index=index)["hits"]["hits"]
            for hit in hits:
                yield hit["_id"], hit.get("_source", {})
            if len(hits) < page_size:
                return
            after = hits[-1]["sort"]


_engines = {}


def get_engine():
    """The configured engine, or None when ``ELASTICSEARCH_URL`` is empty.

    Does not contact the engine: the first real call detects its kind and
    raises ``EngineUnavailable`` if it is down."""
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    prefix = getattr(settings, "SEARCH_INDEX_PREFIX", "intranet") or "intranet"
    kind = getattr(settings, "SEARCH_BACKEND", "") or ""
    key = (url, prefix, kind)
    if key not in _engines:
        _engines[key] = Engine(url, prefix=prefix, kind=kind)
    return _engines[key]
