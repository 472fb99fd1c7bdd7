"""Applying the desired state: the one place that grants and revokes group
page, collection and model permissions, admin access and view restrictions.

``apply_roles`` converges the whole intranet: for every group the role file
describes, the permissions become exactly those of the file. View
restrictions are only touched on the nodes the file names (office
intranets, workspaces, an internal staff council subtree); every other
restriction belongs to whoever created it. ``apply_instance`` does the same
for one office or workspace, so creating a workspace or changing a member
does not re-apply the whole city."""

from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
)

from cms.permissions.paths import site_path, site_root

from . import registry
from .roles import ADMIN_ACCESS, COLLECTION_PERMISSIONS, DEFAULT_FILE, load_roles
from .state import desired_state

LOG_ACTION = "intranet.roles_applied"


class _Applier:
    """Brings the database in line with a ``DesiredState``, recording each
    change as a readable line and per audited object."""

    def __init__(self, state):
        self.changes = []
        self.audit = {}  # object → list of change lines
        self._perms = self._load_permissions(state)
        self._root = site_root()

    @staticmethod
    def _load_permissions(state):
        """Every permission the state names, in one query."""
        wanted = {ADMIN_ACCESS}
        for group_state in state.groups.values():
            wanted |= group_state.permissions
            wanted |= {("wagtailcore", codename) for _p, codename in group_state.pages}
            wanted |= {(COLLECTION_PERMISSIONS[c], c) for _c, c in group_state.collections}
        query = Q()
        for app_label, codename in wanted:
            query |= Q(content_type__app_label=app_label, codename=codename)
        return {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.filter(query).select_related("content_type")
        }

    def note(self, instance, line):
        self.changes.append(line)
        self.audit.setdefault(instance, []).append(line)

    def permission(self, app_label, codename):
        key = (app_label, codename)
        if key not in self._perms:  # raises DoesNotExist for a right no app defines
            self._perms[key] = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
        return self._perms[key]

    def group(self, name, group=None):
        if group is None:
            group, created = Group.objects.get_or_create(name=name)
            if created:
                self.note(group, _("Gruppe „%(group)s“ angelegt.") % {"group": group.name})
        return group

    def model_permissions(self, group, wanted):
        current = set(group.permissions.all())
        for perm in sorted(wanted - current, key=lambda p: p.codename):
            group.permissions.add(perm)
            self.note(
                group,
                _("Gruppe „%(g)s“: Recht „%(p)s“ erteilt.") % {"g": group.name, "p": perm.codename},
            )
        for perm in sorted(current - wanted, key=lambda p: p.codename):
            group.permissions.remove(perm)
            self.note(
                group,
                _("Gruppe „%(g)s“: Recht „%(p)s“ entzogen.")
                % {"g": group.name, "p": perm.codename},
            )

    def page_permissions(self, group, wanted):
        existing = {
            (gpp.page_id, gpp.permission.codename): gpp
            for gpp in GroupPagePermission.objects.filter(group=group).select_related(
                "permission", "page"
            )
        }
        missing = sorted(wanted - existing.keys())
        titles = dict(
            Page.objects.filter(pk__in={p for p, _c in missing}).values_list("pk", "url_path")
        )
        for page_id, codename in missing:
            GroupPagePermission.objects.create(
                group=group, page_id=page_id, permission=self.permission("wagtailcore", codename)
            )
            where = site_path(titles[page_id], self._root) if page_id in titles else page_id
            self.note(
                group,
                _("Gruppe „%(g)s“: Seitenrecht „%(p)s“ auf %(page)s erteilt.")
                % {"g": group.name, "p": codename, "page": where},
            )
        for key in sorted(existing.keys() - wanted):
            gpp = existing[key]
            gpp.delete()
            self.note(
                group,
                _("Gruppe „%(g)s“: Seitenrecht „%(p)s“ auf %(page)s entzogen.")
                % {"g": group.name, "p": key[1], "page": site_path(gpp.page.url_path, self._root)},
            )

    def collection_permissions(self, group, wanted):
        existing = {
            (gcp.collection_id, gcp.permission.codename): gcp
            for gcp in GroupCollectionPermission.objects.filter(group=group).select_related(
                "permission", "collection"
            )
        }
        missing = sorted(wanted - existing.keys())
        names = dict(
            Collection.objects.filter(pk__in={c for c, _p in missing}).values_list("pk", "name")
        )
        for collection_id, codename in missing:
            GroupCollectionPermission.objects.create(
                group=group,
                collection_id=collection_id,
                permission=self.permission(COLLECTION_PERMISSIONS[codename], codename),
            )
            self.note(
                group,
                _("Gruppe „%(g)s“: Sammlungsrecht „%(p)s“ auf „%(c)s“ erteilt.")
                % {"g": group.name, "p": codename, "c": names.get(collection_id)},
            )
        for key in sorted(existing.keys() - wanted):
            gcp = existing[key]
            gcp.delete()
            self.note(
                group,
                _("Gruppe „%(g)s“: Sammlungsrecht „%(p)s“ auf „%(c)s“ entzogen.")
                % {"g": group.name, "p": key[1], "c": gcp.collection.name},
            )

    def restriction(self, model, field_name, node, groups):
        """Exactly one "groups" restriction on ``node`` naming ``groups``, or
        none at all when ``groups`` is empty (a public workspace)."""
        label = site_path(node.url_path, self._root) if isinstance(node, Page) else node.name
        existing = model.objects.filter(**{field_name: node}).order_by("pk")
        if not groups:
            if existing.exists():
                existing.delete()  # the restriction index rows go with it (cascade)
                self.note(
                    node,
                    _("Ansichtsbeschränkung auf %(node)s aufgehoben.") % {"node": label},
                )
            return
        restriction = existing.first()
        changed = False
        if restriction is None:
            restriction = model(**{field_name: node}, restriction_type=BaseViewRestriction.GROUPS)
            restriction.save()
            changed = True
        elif restriction.restriction_type != BaseViewRestriction.GROUPS:
            restriction.restriction_type = BaseViewRestriction.GROUPS
            changed = True
        if set(restriction.groups.all()) != set(groups):
            restriction.groups.set(groups)
            changed = True
        if changed:
            restriction.save()  # rewrites the restriction index after the groups are set
            self.note(
                node,
                _("Ansichtsbeschränkung auf %(node)s: nur %(groups)s.")
                % {"node": label, "groups": ", ".join(sorted(g.name for g in groups))},
            )


def _apply(state):
    applier = _Applier(state)
    admin_access = applier.permission(*ADMIN_ACCESS)
    groups = {}
    for name in sorted(state.groups):
        group_state = state.groups[name]
        group = applier.group(name, group_state.group)
        groups[name] = group
        wanted = {applier.permission(*perm) for perm in group_state.permissions}
        applier.model_permissions(
            group, wanted | ({admin_access} if group_state.admin_access else set())
        )
        applier.page_permissions(group, group_state.pages)
        applier.collection_permissions(group, group_state.collections)

    def named(names):
        return [groups[n] if n in groups else applier.group(n) for n in sorted(names)]

    for page in Page.objects.filter(pk__in=state.page_restrictions).order_by("path"):
        wanted = named(state.page_restrictions[page.pk])
        applier.restriction(PageViewRestriction, "page", page, wanted)
    for collection in Collection.objects.filter(pk__in=state.collection_restrictions):
        wanted = named(state.collection_restrictions[collection.pk])
        applier.restriction(CollectionViewRestriction, "collection", collection, wanted)
    return applier


def apply_roles(path=None, dry_run=False, only=None, audit=True):
    """Load the role file and bring the database in line with it, in one
    transaction. Returns the list of changes (empty when everything already
    matched). ``only`` limits the run to those role keys (the editorial
    setup applies its own roles). With ``dry_run`` the changes are computed
    by applying and rolling back, so plan and real run cannot drift apart;
    nothing is written, not even the audit log (``audit``)."""
    path = Path(path or DEFAULT_FILE)
    roles = load_roles(path)
    with transaction.atomic():
        applier = _apply(desired_state(roles, path, only=only))
        if audit:
            for instance, lines in applier.audit.items():
                log(
                    instance=instance,
                    action=LOG_ACTION,
                    data={"changes": lines, "file": str(path)},
                )
        if dry_run:
            transaction.set_rollback(True)
    return applier.changes


def apply_instance(per, obj, path=None):
    """Apply the templated roles of ``per`` to one object (an office's
    OrgUnit, a Workspace) only; its provider creates missing groups first.
    Returns the changes. Costs a few queries per group of the instance,
    however many instances the intranet has."""
    provider = registry.provider(per)
    if provider is None:
        raise LookupError(f"No rights provider for per: {per}")
    roles = load_roles(path)
    with transaction.atomic():
        instance = provider.instance(obj, ensure=True)
        if instance is None:
            return []
        only = {key for key, role in roles.items() if role.get("per") == per}
        state = desired_state(roles, path, only=only, instances={per: [instance]})
        return _apply(state).changes
