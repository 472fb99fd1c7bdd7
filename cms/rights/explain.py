"""Explanations and the rights export with the roles named: the core's
``explain_access`` plus, for each group, the role of the role file and the
instance (office, area, workspace) it was stamped out for. The names come
from the same computation the applier uses (``state.role_labels``), so an
explanation calls a group a role exactly when ``apply_roles`` manages it."""

from django.utils.translation import gettext as _

from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
)

from cms.permissions import explain as core_explain
from cms.permissions.explain import ItemError, find_user, parse_item
from cms.permissions.paths import site_path, site_root

from .state import role_labels

__all__ = ["ItemError", "explain_access", "find_user", "parse_item", "write_rights_csv"]


def explain_access(user, item):
    """``cms.permissions.explain.explain_access`` with the role behind
    each group permission (or „keine Rolle der Rollendatei“)."""
    labels = role_labels()
    return core_explain.explain_access(
        user, item, role_of=lambda name: labels.get(name, _("keine Rolle der Rollendatei"))
    )


EXPORT_HEADER = ["art", "gruppe", "rolle", "ziel", "pfad", "recht_oder_gruppen"]


def effective_rights_rows():
    """The effective rights for an audit, as CSV rows (header first): one
    row per (group, role, subtree or collection, permission) and one per
    (view restriction, page or collection path, groups)."""
    roles = role_labels()
    root = site_root()
    rows = [EXPORT_HEADER]
    for grant in GroupPagePermission.objects.select_related("group", "page", "permission").order_by(
        "group__name", "page__path", "permission__codename"
    ):
        rows.append(
            [
                "seitenrecht",
                grant.group.name,
                roles.get(grant.group.name, ""),
                grant.page.title,
                site_path(grant.page.url_path, root),
                grant.permission.codename,
            ]
        )
    for grant in GroupCollectionPermission.objects.select_related(
        "group", "collection", "permission"
    ).order_by("group__name", "collection__path", "permission__codename"):
        rows.append(
            [
                "sammlungsrecht",
                grant.group.name,
                roles.get(grant.group.name, ""),
                grant.collection.name,
                _collection_path(grant.collection),
                grant.permission.codename,
            ]
        )
    for restriction in (
        PageViewRestriction.objects.select_related("page")
        .prefetch_related("groups")
        .order_by("page__path")
    ):
        rows.append(
            [
                "seitenbeschraenkung",
                "",
                "",
                restriction.page.title,
                site_path(restriction.page.url_path, root),
                _restriction_groups(restriction),
            ]
        )
    for restriction in (
        CollectionViewRestriction.objects.select_related("collection")
        .prefetch_related("groups")
        .order_by("collection__path")
    ):
        rows.append(
            [
                "sammlungsbeschraenkung",
                "",
                "",
                restriction.collection.name,
                _collection_path(restriction.collection),
                _restriction_groups(restriction),
            ]
        )
    return rows


def _collection_path(collection):
    names = [c.name for c in collection.get_ancestors(inclusive=True)]
    return "/" + "/".join(names[1:])  # the root collection is the unnamed "/"


def _restriction_groups(restriction):
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        return "; ".join(sorted(g.name for g in restriction.groups.all()))
    return restriction.restriction_type


def write_rights_csv(stream):
    """Write ``effective_rights_rows()`` as CSV (semicolons, as German
    spreadsheets expect) to a text stream; returns the number of data rows."""
    import csv

    rows = effective_rights_rows()
    csv.writer(stream, delimiter=";").writerows(rows)
    return len(rows) - 1
