"""Writing tens of thousands of Wagtail pages in bulk.

``add_child`` costs several queries per page (and a revision on top), which
for 50,000 pages takes far too long. ``PageWriter`` instead computes each
page's treebeard path, depth and URL path in memory, inserts the shared
``wagtailcore_page`` rows with ``bulk_create`` and then the specific rows of
each page type (multi-table inheritance: same primary key) in multi-row
INSERTs, and finally sets every page's ``numchild`` from the tree in one
statement. The pages are live and published, as ``add_child`` followed by a
publish would leave them, but without revisions."""

import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.models import Page

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node default
STEPLEN = Page.steplen
BATCH = 1000

# Fields of wagtailcore_page copied from the specific instance to the base row.
_PAGE_FIELDS = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]


def encode_step(number):
    """The path segment of the ``number``-th child (1-based)."""
    out = ""
    for _ in range(STEPLEN):
        number, rem = divmod(number, len(ALPHABET))
        out = ALPHABET[rem] + out
    if number:
        raise ValueError("too many children for one parent")
    return out


def decode_step(segment):
    """The child number a path segment stands for."""
    return int(segment, len(ALPHABET))


class Node:
    """What a child needs of its parent: path, depth and URL path (the page
    object of a new page has no primary key until the writer flushes)."""

    __slots__ = ("path", "depth", "url_path", "page", "new")

    def __init__(self, path, depth, url_path, page=None, new=False):
        self.path, self.depth, self.url_path, self.page = path, depth, url_path, page
        self.new = new

    @classmethod
    def of(cls, page):
        """The node of a page that exists already."""
        return cls(page.path, page.depth, page.url_path, page)

    @property
    def pk(self):
        return self.page.pk if self.page is not None else None


class PageWriter:
    """Collects new pages below existing or new parents and writes them in bulk.

    ``add(parent, instance)`` fills in the tree fields of ``instance`` (an
    unsaved specific page) and returns its ``Node``; ``flush()`` writes
    everything collected, parents before children (pages are inserted in
    path order)."""

    def __init__(self, locale_id, published_at, rng):
        self.locale_id = locale_id
        self.published_at = published_at
        self.rng = rng
        self.pending = []
        self._next = {}
        self._slugs = {}
        self._content_types = {}
        self.written = 0

    def _content_type_id(self, model):
        if model not in self._content_types:
            self._content_types[model] = ContentType.objects.get_for_model(model).pk
        return self._content_types[model]

    def _prepare_parent(self, parent):
        """Read next free child number and taken slugs of a parent once."""
        if parent.path in self._next:
            return
        if parent.new:  # written by this writer: no children but ours
            self._next[parent.path], self._slugs[parent.path] = 1, set()
            return
        children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        last = children.order_by("-path").values_list("path", flat=True).first()
        self._next[parent.path] = decode_step(last[-STEPLEN:]) + 1 if last else 1
        self._slugs[parent.path] = set(children.values_list("slug", flat=True))

    def free_slug(self, parent, slug):
        """``slug`` or ``slug-2``, ``slug-3`` …, whichever is free below ``parent``."""
        self._prepare_parent(parent)
        taken = self._slugs[parent.path]
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        return candidate

    def add(self, parent, instance):
        """Place ``instance`` as the next child of ``parent``; returns its node."""
        self._prepare_parent(parent)
        instance.slug = self.free_slug(parent, instance.slug)
        self._slugs[parent.path].add(instance.slug)
        number = self._next[parent.path]
        self._next[parent.path] = number + 1
        instance.path = parent.path + encode_step(number)
        instance.depth = parent.depth + 1
        instance.url_path = f"{parent.url_path}{instance.slug}/"
        instance.numchild = 0
        instance.draft_title = instance.title
        instance.content_type_id = self._content_type_id(type(instance))
        instance.locale_id = self.locale_id
        instance.translation_key = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        instance.live = True
        instance.has_unpublished_changes = False
        instance.first_published_at = instance.first_published_at or self.published_at
        instance.last_published_at = instance.first_published_at
        self.pending.append(instance)
        return Node(instance.path, instance.depth, instance.url_path, instance, new=True)

    def flush(self):
        """Write the collected pages (base rows, then specific rows per type)."""
        if not self.pending:
            return 0
        pages = sorted(self.pending, key=lambda p: p.path)
        self.pending = []
        for start in range(0, len(pages), BATCH):
            chunk = pages[start : start + BATCH]
            bases = [Page(**{name: getattr(p, name) for name in _PAGE_FIELDS}) for p in chunk]
            Page.objects.bulk_create(bases)
            by_model = defaultdict(list)
            for page, base in zip(chunk, bases, strict=True):
                page.id = page.page_ptr_id = base.pk
                by_model[type(page)].append(page)
            for model, objs in by_model.items():
                insert_specific_rows(model, objs)
        self.written += len(pages)
        return len(pages)


def insert_specific_rows(model, objs):
    """Insert the rows of ``model``'s own table for pages whose base rows exist.

    ``bulk_create`` refuses multi-table models, so this uses the insert the
    ORM itself uses for one table (field preparation included)."""
    fields = list(model._meta.local_concrete_fields)
    model._base_manager._insert(objs, fields=fields, using=connection.alias)


_CHILD_COUNTS = f"""
    SELECT p.id, p.numchild, COALESCE(c.n, 0) AS n
    FROM wagtailcore_page AS p
    LEFT JOIN (
        SELECT substr(path, 1, length(path) - {STEPLEN}) AS parent_path, count(*) AS n
        FROM wagtailcore_page WHERE depth > 1 GROUP BY 1
    ) AS c ON c.parent_path = p.path
"""


def fix_numchild():
    """Set every page's ``numchild`` to its number of children (one UPDATE)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE wagtailcore_page AS page SET numchild = counts.n "  # noqa: S608
            f"FROM ({_CHILD_COUNTS}) AS counts "
            f"WHERE page.id = counts.id AND counts.numchild <> counts.n"
        )
        return cursor.rowcount


def tree_problems(sample=None):
    """Inconsistencies of the page tree, as text lines (empty when sound):
    wrong ``numchild``, a depth that does not match the path, a page whose
    parent path does not exist, duplicate slugs among siblings, and URL paths
    that are not the parent's plus the slug."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM wagtailcore_page WHERE length(path) <> depth * %s", [STEPLEN]
        )
        if cursor.fetchone()[0]:
            problems.append("depth does not match path length")
        cursor.execute(
            """
            SELECT count(*) FROM wagtailcore_page AS child
            LEFT JOIN wagtailcore_page AS parent
              ON parent.path = substr(child.path, 1, length(child.path) - %s)
            WHERE child.depth > 1 AND parent.id IS NULL
            """,
            [STEPLEN],
        )
        if cursor.fetchone()[0]:
            problems.append("pages without parent")
        cursor.execute(f"SELECT count(*) FROM ({_CHILD_COUNTS}) AS c WHERE c.numchild <> c.n")  # noqa: S608
        wrong = cursor.fetchone()[0]
        if wrong:
            problems.append(f"{wrong} pages with a wrong numchild")
        cursor.execute(
            """
            SELECT count(*) FROM (
                SELECT substr(path, 1, length(path) - %s), slug FROM wagtailcore_page
                WHERE depth > 1 GROUP BY 1, 2 HAVING count(*) > 1
            ) AS dupes
            """,
            [STEPLEN],
        )
        if cursor.fetchone()[0]:
            problems.append("duplicate slugs among siblings")
        cursor.execute(
            """
            SELECT count(*) FROM wagtailcore_page AS child
            JOIN wagtailcore_page AS parent
              ON parent.path = substr(child.path, 1, length(child.path) - %s)
            WHERE child.depth > 2 AND child.url_path <> parent.url_path || child.slug || '/'
            """,
            [STEPLEN],
        )
        if cursor.fetchone()[0]:
            problems.append("URL paths that do not follow the tree")
    return problems
