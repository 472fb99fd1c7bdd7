"""Keeping the restriction indexes in step with the trees.

Every function here is idempotent: it rewrites the rows it is responsible
for, so running it twice gives the same result."""

from django.db import connection, transaction

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from .models import CollectionRestrictionIndex, PageRestrictionIndex

# (index model, node model, restriction model, node field name)
_PAGES = (PageRestrictionIndex, Page, PageViewRestriction, "page")
_COLLECTIONS = (CollectionRestrictionIndex, Collection, CollectionViewRestriction, "collection")


def _insert_subtree(kind, restriction_id, node_path, within_path=""):
    """Insert a row for every node below ``node_path`` (inclusive) for one
    restriction, limited to the subtree at ``within_path`` when given. One
    INSERT … SELECT, however large the subtree."""
    index_model, node_model, _, field = kind
    deepest = node_path if len(node_path) >= len(within_path) else within_path
    if not deepest.startswith(node_path) or not deepest.startswith(within_path):
        return  # the two subtrees do not overlap
    index_table = connection.ops.quote_name(index_model._meta.db_table)
    node_table = connection.ops.quote_name(node_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {index_table} ({field}_id, restriction_id) "  # noqa: S608 - table names from _meta
            f"SELECT id, %s FROM {node_table} WHERE path LIKE %s",
            [restriction_id, deepest + "%"],
        )


def index_restriction(kind, restriction):
    """(Re)write the rows of one restriction: its node and all descendants."""
    index_model, _, _, field = kind
    node = getattr(restriction, field)
    with transaction.atomic():
        index_model.objects.filter(restriction_id=restriction.pk).delete()
        _insert_subtree(kind, restriction.pk, node.path)


def index_subtree(kind, root):
    """(Re)write the rows of every node in the subtree at ``root``: used when a
    node is created or moved. Restrictions above the root and inside the
    subtree both apply."""
    index_model, node_model, restriction_model, field = kind
    steplen = node_model.steplen
    ancestor_paths = [root.path[:i] for i in range(steplen, len(root.path) + 1, steplen)]
    restrictions = restriction_model.objects.filter(
        **{f"{field}__path__in": ancestor_paths}
    ) | restriction_model.objects.filter(**{f"{field}__path__startswith": root.path})
    with transaction.atomic():
        index_model.objects.filter(**{f"{field}__path__startswith": root.path}).delete()
        for restriction_id, node_path in restrictions.values_list("pk", f"{field}__path"):
            _insert_subtree(kind, restriction_id, node_path, within_path=root.path)


def index_new_node(kind, node):
    """Give a newly created node the rows of the restrictions above it. A new
    node has no descendants yet, so this is one SELECT and one INSERT."""
    index_model, node_model, restriction_model, field = kind
    steplen = node_model.steplen
    ancestor_paths = [node.path[:i] for i in range(steplen, len(node.path) + 1, steplen)]
    restriction_ids = restriction_model.objects.filter(
        **{f"{field}__path__in": ancestor_paths}
    ).values_list("pk", flat=True)
    index_model.objects.bulk_create(
        [index_model(**{f"{field}_id": node.pk, "restriction_id": rid}) for rid in restriction_ids],
        ignore_conflicts=True,
    )


def rebuild_all():
    """Rewrite both indexes from scratch. Returns the number of rows written."""
    with transaction.atomic():
        PageRestrictionIndex.objects.all().delete()
        CollectionRestrictionIndex.objects.all().delete()
        for restriction in PageViewRestriction.objects.select_related("page"):
            _insert_subtree(_PAGES, restriction.pk, restriction.page.path)
        for restriction in CollectionViewRestriction.objects.select_related("collection"):
            _insert_subtree(_COLLECTIONS, restriction.pk, restriction.collection.path)
    return PageRestrictionIndex.objects.count() + CollectionRestrictionIndex.objects.count()


def expected_rows():
    """The rows both indexes should hold, computed from the trees (for checks)."""
    pages = set()
    for restriction in PageViewRestriction.objects.select_related("page"):
        ids = Page.objects.filter(path__startswith=restriction.page.path).values_list(
            "pk", flat=True
        )
        pages.update((pk, restriction.pk) for pk in ids)
    collections = set()
    for restriction in CollectionViewRestriction.objects.select_related("collection"):
        ids = Collection.objects.filter(path__startswith=restriction.collection.path).values_list(
            "pk", flat=True
        )
        collections.update((pk, restriction.pk) for pk in ids)
    return pages, collections


def actual_rows():
    """The rows both indexes hold now."""
    pages = set(PageRestrictionIndex.objects.values_list("page_id", "restriction_id"))
    collections = set(
        CollectionRestrictionIndex.objects.values_list("collection_id", "restriction_id")
    )
    return pages, collections


PAGES = _PAGES
COLLECTIONS = _COLLECTIONS
