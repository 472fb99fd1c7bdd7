"""Checks of a written scale data set: a sound page tree, a restriction index
that matches the restrictions, and groups that match the memberships."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from cms.permissions.indexing import actual_rows, expected_rows
from workspaces.models import Workspace, WorkspaceMembership

from .tree import tree_problems


def restriction_index_problems():
    """Differences between the restriction index and the restrictions."""
    expected_pages, expected_collections = expected_rows()
    pages, collections = actual_rows()
    problems = []
    if pages != expected_pages:
        problems.append(
            f"page restriction index: {len(expected_pages - pages)} rows missing, "
            f"{len(pages - expected_pages)} extra"
        )
    if collections != expected_collections:
        problems.append("collection restriction index differs from the restrictions")
    return problems


def workspace_problems(workspaces=None):
    """Workspaces whose groups do not hold exactly their members by role, or
    whose restriction does not follow their kind."""
    through = get_user_model().groups.through
    queryset = Workspace.objects.select_related("page")
    if workspaces is not None:
        queryset = queryset.filter(pk__in=[w.pk for w in workspaces])
    fields = {
        WorkspaceMembership.Role.OWNER: "owner_group_id",
        WorkspaceMembership.Role.MEMBER: "member_group_id",
        WorkspaceMembership.Role.READER: "reader_group_id",
    }
    wanted = set()
    groups = {}
    for workspace in queryset:
        for field in fields.values():
            groups[getattr(workspace, field)] = workspace
    rows = WorkspaceMembership.objects.filter(workspace__in=set(groups.values()))
    by_pk = {w.pk: w for w in groups.values()}
    for user_id, workspace_id, role in rows.values_list("user_id", "workspace_id", "role"):
        wanted.add((user_id, getattr(by_pk[workspace_id], fields[role])))
    actual = set(through.objects.filter(group_id__in=groups).values_list("user_id", "group_id"))
    problems = []
    if wanted != actual:
        problems.append(
            f"workspace groups: {len(wanted - actual)} members missing, "
            f"{len(actual - wanted)} extra"
        )
    restricted = Workspace.objects.filter(pk__in=by_pk).exclude(kind=Workspace.Kind.PUBLIC)
    unrestricted = Workspace.objects.filter(pk__in=by_pk, kind=Workspace.Kind.PUBLIC)
    missing = restricted.filter(page__view_restrictions__isnull=True).count()
    extra = unrestricted.filter(~Q(page__view_restrictions=None)).count()
    if missing or extra:
        problems.append(f"workspace restrictions: {missing} missing, {extra} on public ones")
    return problems


def office_problems(offices):
    """Offices whose intranet page lacks its restriction to the members group,
    or whose members group misses someone from the office's subtree."""
    from offices.services import desired_members

    members, _editors = desired_members()
    through = get_user_model().groups.through
    problems = []
    for office in offices:
        page = office.intranet_pages.first()
        if page is None:
            problems.append(f"{office.code}: no intranet page")
            continue
        restriction = page.view_restrictions.first()
        if restriction is None or list(restriction.groups.all()) != [office.group]:
            problems.append(f"{office.code}: intranet not restricted to its members group")
        in_group = set(
            through.objects.filter(group_id=office.group_id).values_list("user_id", flat=True)
        )
        if in_group != members.get(office.pk, set()):
            problems.append(f"{office.code}: members group differs from the memberships")
    return problems


def all_problems(offices=None, workspaces=None):
    """Every check at once, as text lines (empty when the data set is sound)."""
    problems = [f"page tree: {p}" for p in tree_problems()]
    problems += restriction_index_problems()
    problems += workspace_problems(workspaces)
    if offices:
        problems += office_problems(offices)
    if workspaces:
        from .spaces import rights_drift

        # One workspace of each kind and status: the service must find nothing to change.
        sample = {(w.kind, w.status): w for w in workspaces}.values()
        drift = rights_drift(list(sample))
        if drift:
            problems.append("workspace rights differ from apply_rights: " + ", ".join(drift))
    return problems
