"""Further kinds of index documents, contributed by other apps.

Pages, documents and units are built in search/documents.py. Everything else
that is searchable (workspace events, discussion threads, glossary terms …)
comes from a ``SearchSource`` that its app registers in ``AppConfig.ready()``:

    from search.sources import SearchSource, register

    class EventSource(SearchSource):
        kind = "event"
        model = Event
        page_field = "workspace__page"   # the page whose restrictions govern it
        def ids(self): return Event.objects.values_list("pk", flat=True)
        def build(self, pks): return {pk: {...document...} for ...}
        def keys_below_page(self, path): return Event.objects.filter(
            workspace__page__path__startswith=path).values_list("pk", flat=True)

    register(EventSource())

A built document follows search/CONTRACT.md (the fields of a page document:
kind, content_type, content_type_label, silo, tags, title, summary, body, url,
date, locale, outdated, restriction_keys, optional office). Its
``restriction_keys`` are those of the page that governs it, usually
``page_restriction_keys([workspace.page_id])``, so trimming works unchanged.

To index a change, call ``schedule(source.kind, pk)`` after the write
(deletes too: a pk whose ``build`` returns nothing is removed from the index).
"""

_SOURCES = {}


class SearchSource:
    """One searchable kind of item outside pages, documents and units."""

    kind = ""
    # The model of the items and the foreign key path to the page that
    # governs them ("workspace__page"): ``visible`` asks the permission core
    # through it. A source without one overrides ``visible``.
    model = None
    page_field = None

    def visible(self, user, pks):
        """The items among ``pks`` that ``user`` may see now, as the
        permission core decides (search re-checks each page of engine hits
        with it, search/recheck.py): a queryset of the items (not evaluated
        here: it becomes part of one query with the other kinds) or, for a
        source kept outside the database, an iterable of pks."""
        from cms.permissions import visible_by_page

        if self.model is None or not self.page_field:
            raise NotImplementedError(f"{type(self).__name__} must set model and page_field")
        return visible_by_page(user, self.model.objects.filter(pk__in=pks), self.page_field)

    def ids(self):
        """Every primary key that belongs in the index (an iterable of ints)."""
        raise NotImplementedError

    def build(self, pks):
        """``{pk: document}`` for those of ``pks`` that belong in the index."""
        raise NotImplementedError

    def keys_below_page(self, path):
        """Primary keys of the items governed by the page at ``path`` or below
        it; their restriction keys change when a restriction there changes."""
        return []

    def database_matches(self, user, text, limit):
        """Primary keys of items ``user`` may see whose text contains ``text``
        (case-insensitive), at most ``limit``: the embedded database search
        (search/database.py) uses this when no engine is set up."""
        return []


def register(source):
    """Make ``source`` part of indexing, rebuilds and ``search_check``."""
    if not source.kind or source.kind in {"page", "document", "unit"}:
        raise ValueError(f"Invalid search source kind: {source.kind!r}")
    _SOURCES[source.kind] = source
    return source


def sources():
    """The registered sources, by kind."""
    return dict(_SOURCES)


def schedule(kind, *pks):
    """Queue re-indexing of the items ``pks`` of ``kind`` (built or removed)."""
    from .documents import key
    from .signal_handlers import _sync

    if pks:
        _sync(*(key(kind, pk) for pk in pks))


# --- synonym providers -------------------------------------------------------------
#
# Apps with their own vocabularies (workspace glossaries …) feed search with
# synonyms and abbreviations. A provider is ``provider(query, user) -> [str]``:
# alternative query strings for ``query`` that ``user`` may know about. It must
# only draw on what the user may see (a synonym from a secret workspace would
# otherwise reveal that workspace through the results it adds).

_SYNONYM_PROVIDERS = []
# At most this many expansions per query, so a broad vocabulary cannot turn one
# search into dozens of engine clauses.
MAX_EXPANSIONS = 10


def register_synonyms(provider):
    """Add ``provider(query, user) -> list of expansion strings`` to the
    synonym providers consulted by ``synonym_expansions`` (idempotent)."""
    if provider not in _SYNONYM_PROVIDERS:
        _SYNONYM_PROVIDERS.append(provider)
    return provider


def synonym_providers():
    """The registered synonym providers, in registration order."""
    return list(_SYNONYM_PROVIDERS)


def synonym_expansions(query, user):
    """Alternative query strings for ``query`` from every registered provider,
    for ``user``: normalised, without duplicates or the query itself, at most
    ``MAX_EXPANSIONS``. The search code adds them to the editors' synonyms."""
    from .models import normalise_query

    original = normalise_query(query)
    if not original:
        return []
    expansions = []
    for provider in _SYNONYM_PROVIDERS:
        for text in provider(query, user) or ():
            text = normalise_query(text)
            if text and text != original and text not in expansions:
                expansions.append(text)
    return expansions[:MAX_EXPANSIONS]
