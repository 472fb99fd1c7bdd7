"""Index documents: what the engine stores for each page, document and unit.

The format is fixed by search/CONTRACT.md; search/query.py reads it. Every
builder here reads the database state as it is now, so building a document
twice gives the same result (indexing tasks can be replayed in any order).
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

from taggit.managers import TaggableManager
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, Page

from cms.models import IntranetDocument
from cms.permissions.core import collection_restriction_keys, page_restriction_keys

from .page_urls import PageUrls
from .sources import sources

BATCH_SIZE = 500

# Page types whose subtree forms a silo (matched by class name, so the
# workspace app can join without an import here).
_SILO_OF_TYPE = {
    "OfficeIndexPage": "office",
    "OfficeIntranetPage": "office",
    "InformationAreaPage": "area",
    "HelpIndexPage": "area",
    "WorkspaceIndexPage": "workspace",
    "WorkspacePage": "workspace",
}
# Fields that are indexed as summary, not as body.
_SUMMARY_FIELDS = {"summary", "teaser"}
# Long text fields not worth searching (addresses are, contact data not).
_SKIPPED_TEXT_FIELDS = {"search_description", "extracted_text"}


def key(kind, pk):
    """The ``_id`` of an index document: ``"<kind>:<pk>"``."""
    return f"{kind}:{pk}"


def parse_key(doc_id):
    """``"page:12"`` → ``("page", 12)``."""
    kind, _, pk = doc_id.partition(":")
    return kind, int(pk)


# --- text ----------------------------------------------------------------------


def _walk_stream(value, out):
    """Collect the text strings of raw StreamField data (dicts, lists, strings)."""
    if isinstance(value, str):
        # Skip link targets and block ids: they are not words a reader searches.
        if value and not value.startswith(("http://", "https://", "/", "mailto:")):
            out.append(strip_tags(value))
    elif isinstance(value, dict):
        for name, item in value.items():
            if name not in ("id", "type", "url", "link", "page", "document", "image"):
                _walk_stream(item, out)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk_stream(item, out)


def flatten_stream(stream_value):
    """The plain text of a StreamField value (HTML stripped), without rendering it.

    Walks the raw JSON instead of rendering blocks: rendering would resolve
    every chooser (one query each) and pull in templates."""
    out = []
    raw = getattr(stream_value, "raw_data", stream_value)
    _walk_stream(list(raw) if raw is not None else [], out)
    return _clean(" ".join(out))


def _clean(text):
    """Collapse whitespace (HTML stripping leaves many blank lines)."""
    return " ".join(normalize_newlines(text or "").split())


@functools.cache
def _text_fields(model):
    """The long text fields of a concrete page model that go into ``body``."""
    names = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in _SUMMARY_FIELDS:
            continue
        if field.name in _SKIPPED_TEXT_FIELDS or field.model is Page:
            continue
        if isinstance(field, StreamField | RichTextField | models.TextField):
            names.append(field.name)
    return names


def page_body(page):
    """Body text of a specific page: its StreamFields and rich/long text fields."""
    parts = []
    for name in _text_fields(type(page)):
        value = getattr(page, name, None)
        if value is None:
            continue
        if hasattr(value, "raw_data"):
            parts.append(flatten_stream(value))
        else:
            parts.append(_clean(strip_tags(str(value))))
    return " ".join(part for part in parts if part)


# --- silos ---------------------------------------------------------------------


class SiloMap:
    """Silo and owning office of pages, from the few pages that define silos.

    Loaded in one query; a page's silo is decided by the shallowest silo page
    on its path (an office's news index is in the office silo, not "start")."""

    def __init__(self):
        self.by_path = {}
        names = list(_SILO_OF_TYPE)
        rows = Page.objects.filter(content_type__model__in=[n.lower() for n in names]).values_list(
            "path", "content_type__model", "pk"
        )
        lower = {n.lower(): n for n in names}
        intranet_ids = {}
        for path, model, pk in rows:
            self.by_path[path] = [_SILO_OF_TYPE[lower[model]], None]
            if model == "officeintranetpage":
                intranet_ids[pk] = path
        if intranet_ids:
            from offices.models import OfficeIntranetPage

            for pk, code in OfficeIntranetPage.objects.filter(pk__in=intranet_ids).values_list(
                "pk", "unit__code"
            ):
                self.by_path[intranet_ids[pk]][1] = code

    def silo_and_office(self, path):
        """``(silo, office code or None)`` of the page at ``path``."""
        silo, office = "start", None
        steplen = Page.steplen
        found = False
        for end in range(steplen, len(path) + 1, steplen):
            entry = self.by_path.get(path[:end])
            if entry is None:
                continue
            if not found:
                silo, found = entry[0], True
            if entry[1]:
                office = entry[1]
        return silo, office


# --- pages ---------------------------------------------------------------------


def _page_date(page):
    name = type(page).__name__
    if name == "NewsPage":
        return page.first_published_at
    if hasattr(page, "version_date"):
        return page.version_date
    if hasattr(page, "valid_from"):
        return page.valid_from
    return page.last_published_at


def _page_outdated(page):
    name = type(page).__name__
    if name == "NewsPage":
        return bool(page.expire_at and page.expire_at <= timezone.now())
    if name == "ServiceInstructionPage":
        return not page.in_force
    return False


def _tag_names(obj):
    tags = getattr(obj, "tags", None)
    if tags is None:
        return []
    return sorted(tag.name for tag in tags.all())


_locales = {}


def _locale_code(locale_id):
    """The language code of a locale id, cached (there are two locales)."""
    if locale_id not in _locales:
        from wagtail.models import Locale

        _locales.update(Locale.objects.values_list("pk", "language_code"))
    return _locales.get(locale_id, "de")


def should_index_page(page):
    """Only live pages below the tree root are searchable."""
    return page.live and page.depth > 1


def document_for_page(page, restriction_keys=None, silos=None, urls=None, tags=None):
    """The index document of a (specific) page.

    ``restriction_keys``, ``silos``, ``urls`` and ``tags`` (its tag names)
    may be passed in by batch callers so a batch costs one query for each
    instead of one per page."""
    page = page.specific
    if restriction_keys is None:
        restriction_keys = page_restriction_keys([page.pk])[page.pk]
    silos = silos or SiloMap()
    silo, office = silos.silo_and_office(page.path)
    issuing = getattr(page, "issuing_office", None)
    if issuing is not None:
        office = issuing.code
    elif getattr(page, "unit", None) is not None:
        office = page.unit.code
    summary = " ".join(
        _clean(getattr(page, name, "") or "")
        for name in ("teaser", "summary")
        if hasattr(page, name)
    ).strip()
    date = _page_date(page)
    doc = {
        "kind": "page",
        "content_type": f"{page._meta.app_label}.{type(page).__name__}",
        "content_type_label": str(page._meta.verbose_name),
        "silo": silo,
        "tags": _tag_names(page) if tags is None else tags,
        "title": page.title,
        "summary": summary,
        "body": page_body(page),
        "url": (urls or PageUrls()).url(page),
        "date": date.isoformat() if date else None,
        "locale": _locale_code(page.locale_id),
        "outdated": _page_outdated(page),
        "restriction_keys": sorted(restriction_keys),
    }
    if office:
        doc["office"] = office
    if getattr(page, "number", ""):
        doc["number"] = page.number
    return doc


# --- documents and units -------------------------------------------------------


class CollectionOffices:
    """The office code owning each collection (an office's collection and its children)."""

    def __init__(self):
        from offices.models import OrgUnit

        owners = dict(
            OrgUnit.objects.filter(collection__isnull=False).values_list("collection__path", "code")
        )
        self.by_path = owners

    def office(self, collection_path):
        """The owning office code of the collection at ``collection_path``, or None."""
        steplen = Collection.steplen
        for end in range(len(collection_path), 0, -steplen):
            code = self.by_path.get(collection_path[:end])
            if code:
                return code
        return None


def document_for_document(doc, restriction_keys=None, offices=None):
    """The index document of an uploaded document: title, tags and the text inside."""
    if restriction_keys is None:
        restriction_keys = collection_restriction_keys([doc.collection_id])[doc.collection_id]
    offices = offices or CollectionOffices()
    office = offices.office(doc.collection.path)
    result = {
        "kind": "document",
        "content_type": "document",
        "content_type_label": "Dokument",
        "silo": "office" if office else "area",
        "tags": _tag_names(doc),
        "title": doc.title,
        "summary": "",
        "body": _clean(doc.extracted_text),
        "url": doc.url or "",
        "date": doc.created_at.isoformat() if doc.created_at else None,
        "locale": "de",
        "outdated": False,
        "restriction_keys": sorted(restriction_keys),
    }
    if office:
        result["office"] = office
    return result


def _unit_office(unit):
    for candidate in [unit, *unit.ancestors()]:
        if candidate.kind == candidate.Kind.OFFICE:
            return candidate.code
    return None


def document_for_unit(unit):
    """The index document of an organisational unit (people directory)."""
    office = _unit_office(unit)
    parts = [unit.short_name, unit.code, unit.email, unit.phone]
    result = {
        "kind": "unit",
        "content_type": "unit",
        "content_type_label": "Organisationseinheit",
        "silo": "office" if office else "start",
        "tags": [],
        "title": unit.name,
        "summary": str(unit.get_kind_display()),
        "body": " ".join(part for part in parts if part),
        "url": "",
        "date": None,
        "locale": "de",
        "outdated": False,
        "restriction_keys": [],
    }
    if office:
        result["office"] = office
    return result


# --- batches -------------------------------------------------------------------


def _batches(ids, size=BATCH_SIZE):
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def indexable_pages():
    """The queryset of pages that belong in the index."""
    return Page.objects.live().filter(depth__gt=1)


def _preload_relations(pages):
    """Load the issuing offices and units of a batch of specific pages with
    one query, instead of one per page (the search page builds its
    database-fallback hits through here)."""
    from offices.models import OrgUnit

    fields = ("issuing_office", "unit")
    wanted = {getattr(page, f"{name}_id", None) for page in pages for name in fields}
    units = OrgUnit.objects.in_bulk([pk for pk in wanted if pk])
    for page in pages:
        for name in fields:
            if getattr(page, f"{name}_id", None) in units:
                setattr(page, name, units[getattr(page, f"{name}_id")])


@functools.cache
def _tag_through(model):
    """The through model of a page model's ``tags`` (None: not taggit tags)."""
    try:
        field = model._meta.get_field("tags")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and non-field attributes
        return None
    return field.remote_field.through if isinstance(field, TaggableManager) else None


def _batch_tag_names(pages):
    """``{page_id: sorted tag names}`` of the tagged pages of a batch, one
    query per page type (Django's prefetch of taggit tags builds a queryset
    per page, which cost a fifth of the build time)."""
    by_through = {}
    for page in pages:
        through = _tag_through(type(page))
        if through is not None:
            by_through.setdefault(through, []).append(page.pk)
    names = {}
    for through, pks in by_through.items():
        pairs = set(
            through.objects.filter(content_object_id__in=pks).values_list(
                "content_object_id", "tag__name"
            )
        )
        for pk in pks:
            names[pk] = []
        for pk, name in pairs:
            names[pk].append(name)
    return {pk: sorted(tags) for pk, tags in names.items()}


def _specific_pages(page_ids):
    """The indexable pages among ``page_ids`` as instances of their specific
    class: one id query, then one query per page type straight on the
    specific model (``.specific()`` would build every page twice, once as a
    plain Page). Pages of a model that no longer exists, and half-deleted
    pages whose specific row is already gone, are left out."""
    by_type = {}
    for pk, content_type_id in (
        indexable_pages().filter(pk__in=page_ids).values_list("pk", "content_type_id")
    ):
        by_type.setdefault(content_type_id, []).append(pk)
    pages = []
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, Page):
            continue
        pages.extend(model._base_manager.filter(pk__in=pks))
    pages.sort(key=lambda page: page.pk)
    return pages


def page_documents(page_ids, silos=None, urls=None):
    """``{page_id: document}`` for the indexable pages among ``page_ids``, built
    with one restriction query and one query per page type per batch."""
    silos = silos or SiloMap()
    urls = urls or PageUrls()
    result = {}
    for batch in _batches(page_ids):
        pages = _specific_pages(batch)
        keys = page_restriction_keys(batch)
        _preload_relations(pages)
        tags = _batch_tag_names(pages)
        for page in pages:
            result[page.pk] = document_for_page(
                page, keys.get(page.pk, []), silos, urls, tags.get(page.pk)
            )
    return result


def document_documents(doc_ids, offices=None):
    """``{document_id: document}`` for the documents among ``doc_ids``."""
    offices = offices or CollectionOffices()
    result = {}
    for batch in _batches(doc_ids):
        docs = list(
            IntranetDocument.objects.filter(pk__in=batch)
            .select_related("collection")
            .prefetch_related("tags")
        )
        keys = collection_restriction_keys({doc.collection_id for doc in docs})
        for doc in docs:
            result[doc.pk] = document_for_document(doc, keys.get(doc.collection_id, []), offices)
    return result


def unit_documents(unit_ids):
    """``{unit_id: document}`` for the units among ``unit_ids``."""
    from offices.models import OrgUnit

    units = {unit.pk: unit for unit in OrgUnit.objects.all()}  # few; ancestors need them all
    result = {}
    for pk in unit_ids:
        unit = units.get(pk)
        if unit is not None:
            if unit.parent_id:
                unit.parent = units.get(unit.parent_id)
            result[pk] = document_for_unit(unit)
    return result


def documents_for_keys(doc_ids):
    """``{_id: document or None}``: None means "must not be in the index"."""
    wanted = {"page": [], "document": [], "unit": [], **{kind: [] for kind in sources()}}
    for doc_id in doc_ids:
        kind, pk = parse_key(doc_id)
        if kind in wanted:
            wanted[kind].append(pk)
    built = {}
    for pk, doc in page_documents(wanted["page"]).items():
        built[key("page", pk)] = doc
    for pk, doc in document_documents(wanted["document"]).items():
        built[key("document", pk)] = doc
    for pk, doc in unit_documents(wanted["unit"]).items():
        built[key("unit", pk)] = doc
    for kind, source in sources().items():
        if wanted.get(kind):
            for pk, doc in source.build(wanted[kind]).items():
                built[key(kind, pk)] = doc
    return {doc_id: built.get(doc_id) for doc_id in doc_ids}


def all_keys():
    """The ``_id`` of everything that should be in the index, cheaply (ids only)."""
    from offices.models import OrgUnit

    keys = [key("page", pk) for pk in indexable_pages().values_list("pk", flat=True)]
    keys += [key("document", pk) for pk in IntranetDocument.objects.values_list("pk", flat=True)]
    keys += [key("unit", pk) for pk in OrgUnit.objects.values_list("pk", flat=True)]
    for kind, source in sources().items():
        keys += [key(kind, pk) for pk in source.ids()]
    return keys


def count_all():
    """How many index documents ``iter_all_documents`` yields."""
    return len(all_keys())


def iter_all_documents():
    """Yield ``(_id, document)`` for everything that should be in the index, in batches."""
    silos = SiloMap()
    urls = PageUrls()
    offices = CollectionOffices()
    page_ids = list(indexable_pages().order_by("pk").values_list("pk", flat=True))
    for batch in _batches(page_ids):
        for pk, doc in sorted(page_documents(batch, silos, urls).items()):
            yield key("page", pk), doc
    doc_ids = list(IntranetDocument.objects.order_by("pk").values_list("pk", flat=True))
    for batch in _batches(doc_ids):
        for pk, doc in sorted(document_documents(batch, offices).items()):
            yield key("document", pk), doc
    from offices.models import OrgUnit

    unit_ids = list(OrgUnit.objects.order_by("pk").values_list("pk", flat=True))
    for pk, doc in sorted(unit_documents(unit_ids).items()):
        yield key("unit", pk), doc
    for kind, source in sources().items():
        for batch in _batches(sorted(source.ids())):
            for pk, doc in sorted(source.build(batch).items()):
                yield key(kind, pk), doc


def expected_restriction_keys():
    """``{_id: sorted restriction keys}`` of everything that should be indexed,
    from three id queries and two restriction queries (for ``search_check``)."""
    from offices.models import OrgUnit

    result = {}
    page_ids = list(indexable_pages().values_list("pk", flat=True))
    for batch in _batches(page_ids, 5000):
        for pk, keys in page_restriction_keys(batch).items():
            result[key("page", pk)] = sorted(keys)
    docs = list(IntranetDocument.objects.values_list("pk", "collection_id"))
    collection_keys = collection_restriction_keys({cid for _, cid in docs})
    for pk, collection_id in docs:
        result[key("document", pk)] = sorted(collection_keys.get(collection_id, []))
    for pk in OrgUnit.objects.values_list("pk", flat=True):
        result[key("unit", pk)] = []
    for kind, source in sources().items():
        for batch in _batches(sorted(source.ids())):
            for pk, doc in source.build(batch).items():
                result[key(kind, pk)] = sorted(doc["restriction_keys"])
    return result
