"""Workspaces of the scale data set: pages and settings rows in bulk, groups,
restrictions, rights and collections as ``workspaces.services`` sets them, and
memberships (each person in 0–8 workspaces) with their group rows."""

import itertools
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
)

from cms.rights import slot_rights
from home.models import ContentPage
from workspaces import services as workspace_services
from workspaces.models import Workspace, WorkspaceMembership, WorkspacePage

from .tree import STEPLEN, Node, decode_step, encode_step

Role = WorkspaceMembership.Role

KIND_WEIGHTS = {
    Workspace.Kind.PUBLIC: 0.35,
    Workspace.Kind.PRIVATE: 0.5,
    Workspace.Kind.SECRET: 0.15,
}
# How many workspaces a person belongs to: 0 to 8, most in one to three.
MEMBERSHIP_COUNT_WEIGHTS = (0.18, 0.24, 0.2, 0.14, 0.09, 0.06, 0.04, 0.03, 0.02)
ARCHIVED_SHARE = 0.05
READER_SHARE = 0.15
NAMES = ("Projekt", "Arbeitsgruppe", "Gremium")


def build_workspaces(writer, text, rng, index, count, creator):
    """``count`` workspaces of every kind, template and (mostly active) status,
    each with the starter pages of its template. Returns the Workspace rows,
    with ``starter_nodes`` (page nodes to put content below) attached."""
    parent = Node.of(index)
    templates = list(Workspace.Template.values)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    planned = []
    for number in range(1, count + 1):
        template = templates[(number - 1) % len(templates)]
        title = f"{NAMES[templates.index(template)]} {text.topic()} {number}"
        page = WorkspacePage(
            title=title,
            slug=f"arbeitsraum-{number}",
            summary=text.sentence(),
            intro=f"<p>{text.sentence()}</p>",
            body=text.body(2, block_id=f"w{number}"),
        )
        node = writer.add(parent, page)
        starters = [node]
        for slug, child_title, summary in workspace_services.TEMPLATE_PAGES[template]:
            child = ContentPage(title=child_title, slug=slug, summary=summary)
            starters.append(writer.add(node, child))
        kind = rng.choices(kinds, weights=weights)[0]
        status = (
            Workspace.Status.ARCHIVED if rng.random() < ARCHIVED_SHARE else Workspace.Status.ACTIVE
        )
        planned.append((node, starters, kind, template, status))
    writer.flush()
    rows = Workspace.objects.bulk_create(
        [
            Workspace(
                page_id=node.pk, kind=kind, template=template, status=status, created_by=creator
            )
            for node, _starters, kind, template, status in planned
        ]
    )
    for workspace, (node, starters, *_rest) in zip(rows, planned, strict=True):
        workspace.page = node.page
        workspace.starter_nodes = starters
    bulk_rights(rows)
    return rows


def bulk_rights(workspaces):
    """Groups, collection, restrictions (private, secret) and rights of fresh
    workspaces, as ``workspace_services.apply_rights`` sets them, written in
    bulk: one workspace at a time costs dozens of queries. ``checks`` runs
    ``apply_rights`` on a sample afterwards and requires it to change nothing."""
    groups = {}
    for workspace in workspaces:
        for role in (Role.OWNER, Role.MEMBER, Role.READER):
            groups[workspace.pk, role] = Group(name=workspace_services.group_name(workspace, role))
    Group.objects.bulk_create(groups.values())
    root = Collection.get_first_root_node()
    last = root.get_children().order_by("-path").values_list("path", flat=True).first()
    number = decode_step(last[-STEPLEN:]) if last else 0
    collections = []
    for offset, workspace in enumerate(workspaces, start=1):
        collections.append(
            Collection(
                name=workspace_services.collection_name(workspace),
                path=root.path + encode_step(number + offset),
                depth=root.depth + 1,
                numchild=0,
            )
        )
    Collection.objects.bulk_create(collections)
    Collection.objects.filter(pk=root.pk).update(numchild=root.get_children().count())
    for workspace, collection in zip(workspaces, collections, strict=True):
        workspace.owner_group = groups[workspace.pk, Role.OWNER]
        workspace.member_group = groups[workspace.pk, Role.MEMBER]
        workspace.reader_group = groups[workspace.pk, Role.READER]
        workspace.collection = collection
    Workspace.objects.bulk_update(
        workspaces, ["owner_group", "member_group", "reader_group", "collection"]
    )
    _bulk_restrictions([w for w in workspaces if w.is_restricted], groups)
    _bulk_permissions(workspaces, groups)


def _bulk_restrictions(restricted, groups):
    roles = (Role.OWNER, Role.MEMBER, Role.READER)
    for model, field in ((PageViewRestriction, "page"), (CollectionViewRestriction, "collection")):
        rows = model.objects.bulk_create(
            [
                model(**{field: getattr(w, field)}, restriction_type=BaseViewRestriction.GROUPS)
                for w in restricted
            ]
        )
        through = model.groups.through
        link = f"{model._meta.model_name}_id"
        through.objects.bulk_create(
            [
                through(**{link: row.pk, "group_id": groups[w.pk, role].pk})
                for row, w in zip(rows, restricted, strict=True)
                for role in roles
            ]
        )


def _permissions(model, codenames):
    content_type = ContentType.objects.get_for_model(model)
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def _bulk_permissions(workspaces, groups):
    # What the role file grants each workspace slot on its own page and collection.
    rights = slot_rights("workspace")
    slots = {Role.OWNER: "owner", Role.MEMBER: "member", Role.READER: "reader"}
    page_rights = {role: _permissions(Page, rights[slot][1]) for role, slot in slots.items()}
    collection_rights = {
        role: _permissions(Document, [c for c in rights[slot][2] if c.endswith("_document")])
        + _permissions(Image, [c for c in rights[slot][2] if c.endswith("_image")])
        for role, slot in slots.items()
    }
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_rows, collection_rows, admin_rows = [], [], []
    admin_through = Group.permissions.through
    for workspace in workspaces:
        for role in (Role.OWNER, Role.MEMBER, Role.READER):
            group = groups[workspace.pk, role]
            if workspace.is_active:
                page_rows += [
                    GroupPagePermission(group=group, page_id=workspace.page_id, permission=p)
                    for p in page_rights[role]
                ]
                collection_rows += [
                    GroupCollectionPermission(
                        group=group, collection=workspace.collection, permission=p
                    )
                    for p in collection_rights[role]
                ]
            if rights[slots[role]][0]:
                admin_rows.append(admin_through(group_id=group.pk, permission_id=admin.pk))
    GroupPagePermission.objects.bulk_create(page_rows, batch_size=5000)
    GroupCollectionPermission.objects.bulk_create(collection_rows, batch_size=5000)
    admin_through.objects.bulk_create(admin_rows, batch_size=5000)


def rights_drift(workspaces):
    """What ``apply_rights`` would change on ``workspaces`` (names of the
    tables whose rows differ; empty when the bulk rights are exactly what the
    service sets). Runs in a savepoint that is rolled back."""
    from django.db import transaction

    def state():
        return {
            "groups": set(Group.objects.values_list("name", flat=True)),
            "collections": set(Collection.objects.values_list("name", "path")),
            "page restrictions": set(
                PageViewRestriction.objects.values_list("page_id", "restriction_type", "groups")
            ),
            "collection restrictions": set(
                CollectionViewRestriction.objects.values_list(
                    "collection_id", "restriction_type", "groups"
                )
            ),
            "page rights": set(
                GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")
            ),
            "collection rights": set(
                GroupCollectionPermission.objects.values_list(
                    "group_id", "collection_id", "permission_id"
                )
            ),
            "group permissions": set(
                Group.permissions.through.objects.values_list("group_id", "permission_id")
            ),
        }

    before = state()
    with transaction.atomic():
        for workspace in workspaces:
            workspace_services.apply_rights(Workspace.objects.get(pk=workspace.pk))
        after = state()
        transaction.set_rollback(True)
    return [name for name in before if before[name] != after[name]]


def build_workspace_memberships(rng, workspaces, users):
    """Each person in 0–8 workspaces (popular workspaces attract more people);
    every workspace has at least one owner. Returns the number of memberships."""
    popularity = list(itertools.accumulate(rng.paretovariate(1.5) for _ in workspaces))
    members = defaultdict(dict)  # workspace index -> {user: role}
    counts = {}
    for user in users:
        wanted = rng.choices(range(len(MEMBERSHIP_COUNT_WEIGHTS)), MEMBERSHIP_COUNT_WEIGHTS)[0]
        chosen = set()
        for _ in range(wanted * 3):  # a few tries for distinct workspaces
            if len(chosen) >= wanted:
                break
            chosen.add(rng.choices(range(len(workspaces)), cum_weights=popularity)[0])
        counts[user.pk] = len(chosen)
        for w in sorted(chosen):
            if Role.OWNER not in members[w].values():
                role = Role.OWNER
            else:
                role = Role.READER if rng.random() < READER_SHARE else Role.MEMBER
            members[w][user] = role
    for w in range(len(workspaces)):
        if not members[w]:
            # Nobody chose it: an owner with room for one more workspace.
            for _ in range(len(users)):
                user = users[rng.randrange(len(users))]
                if counts[user.pk] < len(MEMBERSHIP_COUNT_WEIGHTS) - 1:
                    counts[user.pk] += 1
                    members[w][user] = Role.OWNER
                    break
    rows, group_rows = [], []
    through = get_user_model().groups.through
    for w, workspace in enumerate(workspaces):
        groups = {
            Role.OWNER: workspace.owner_group_id,
            Role.MEMBER: workspace.member_group_id,
            Role.READER: workspace.reader_group_id,
        }
        for user, role in members[w].items():
            rows.append(WorkspaceMembership(workspace=workspace, user=user, role=role))
            group_rows.append(through(user_id=user.pk, group_id=groups[role]))
    WorkspaceMembership.objects.bulk_create(rows, batch_size=5000)
    # The group rows sync_groups would write for fresh groups, in one go.
    through.objects.bulk_create(group_rows, batch_size=5000)
    return len(rows)
