"""The desired state: what groups, permissions and view restrictions the
role file asks for, given the instances the providers yield.

Computing it reads only (``ensure=False``) or lets the providers create
what they own first (``ensure=True``, before applying). Explanations and
the rights export use the same computation, so what they call a role is
exactly what ``apply_roles`` grants."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.models import Collection, Page

from cms.permissions.paths import page_by_url_path, site_root

from . import registry
from .roles import DEFAULT_FILE, PAGE_PERMISSIONS, fail, instance_selector_kind, load_roles


@dataclass
class GroupState:
    """What one group should have: its roles and its permissions."""

    group_name: str
    group: object = None  # the Group when the instance holds it, else found by name
    roles: list = field(default_factory=list)  # [(role key, role label, instance label)]
    admin_access: bool = False
    permissions: set = field(default_factory=set)  # {(app_label, codename)} beyond admin access
    pages: set = field(default_factory=set)  # {(page_id, codename)}
    collections: set = field(default_factory=set)  # {(collection_id, codename)}


@dataclass
class DesiredState:
    """The state the role file asks for. A restriction entry with an empty
    set of names means: this node is managed and carries no restriction."""

    groups: dict = field(default_factory=dict)  # name → GroupState
    page_restrictions: dict = field(default_factory=dict)  # page_id → set of group names
    collection_restrictions: dict = field(default_factory=dict)  # collection_id → set of names


def role_instances(role, ensure=True):
    """The instances ``role`` is stamped out for: ``[None]`` for a fixed role."""
    per = role.get("per")
    if per is None:
        return [None]
    provider = registry.provider(per)
    return list(provider.instances(ensure=ensure)) if provider else []


def group_name(role, instance):
    """The name of the group ``role`` describes for ``instance`` (None when
    the instance has no such group yet)."""
    per = role.get("per")
    if per is None:
        return role.get("group")
    provider = registry.provider(per)
    if provider.slots:
        group = instance.groups.get(role["group"])
        return group.name if group else None
    return role["group"].format(**instance.variables)


def fixed_group_name(key, path=None):
    """The group name of the fixed role ``key`` (e.g. „Zentrale Redaktion“)."""
    return load_roles(path)[key]["group"]


def _resolve_pages(selector, instance, optional, role_key, path):
    if selector == "site_root":
        root = site_root()
        return [root] if root else []
    if isinstance(selector, str):
        if instance_selector_kind(selector) is not None:
            return list(instance.pages)
        return list(registry.page_selectors()[selector]())
    ((kind, value),) = selector.items()
    if kind == "page_type":
        from django.apps import apps

        return list(Page.objects.type(apps.get_model(value)).order_by("path"))
    if kind == "path":
        page = page_by_url_path(value)
        if page is None and not optional:
            fail(path, role_key, _("Seite mit Pfad „%(path)s“ gibt es nicht") % {"path": value})
        return [page] if page else []
    if value == f"{{{kind}}}":
        return list(instance.pages)
    return list(registry.provider(kind).pages_for(value))


def _resolve_collection(selector, instance):
    if selector == "root":
        return Collection.get_first_root_node()
    return instance.collection


def _add(state, key, role, instance, name, fixed_groups, path):
    """Add what ``role`` grants ``instance``'s group ``name`` to ``state``."""
    group_state = state.groups.setdefault(name, GroupState(group_name=name))
    if instance is not None and instance.groups:
        group_state.group = instance.groups.get(role["group"])
    group_state.roles.append((key, role["label"], instance.label if instance else ""))
    group_state.admin_access |= bool(role.get("admin_access"))
    group_state.permissions |= {tuple(p.split(".")) for p in role.get("permissions") or []}
    editable = instance is None or instance.editable
    for entry in (role.get("pages") or []) if editable else []:
        for page in _resolve_pages(entry["subtree"], instance, entry.get("optional"), key, path):
            for perm in entry["permissions"]:
                group_state.pages.add((page.pk, PAGE_PERMISSIONS[perm]))
    for entry in (role.get("collections") or []) if editable else []:
        collection = _resolve_collection(entry["collection"], instance)
        if collection is not None:
            for perm in entry["permissions"]:
                group_state.collections.add((collection.pk, perm))
    restricted = instance is None or instance.restricted
    for entry in role.get("view_restrictions") or []:
        names = {name} | {fixed_groups[o] for o in entry.get("also_roles") or []}
        names = names if restricted else set()
        if "pages" in entry:
            for page in _resolve_pages(entry["pages"], instance, entry.get("optional"), key, path):
                state.page_restrictions.setdefault(page.pk, set()).update(names)
        else:
            collection = _resolve_collection(entry["collection"], instance)
            if collection is not None:
                state.collection_restrictions.setdefault(collection.pk, set()).update(names)


def desired_state(roles, path=None, ensure=True, only=None, instances=None):
    """Compute what the database should hold according to ``roles``.

    ``only`` limits the computation to those role keys; ``instances`` (a
    dict ``{per: [Instance]}``) replaces the providers' full lists, for
    applying the rights of one office or workspace alone."""
    path = path or DEFAULT_FILE
    state = DesiredState()
    fixed_groups = {key: role.get("group") for key, role in roles.items() if not role.get("per")}
    for key, role in roles.items():
        if not role.get("group") or (only is not None and key not in only):
            continue
        if instances is not None:
            targets = instances.get(role.get("per"), [])
        else:
            targets = role_instances(role, ensure=ensure)
        for instance in targets:
            name = group_name(role, instance)
            if name is not None:
                _add(state, key, role, instance, name, fixed_groups, path)
    return state


def role_labels(path=None):
    """``{group name: "Rolle (Instanz), …"}`` for every group the role file
    describes, for the instances the providers yield now (reads, never
    writes); empty when the file cannot be read (explanations then just
    omit the roles)."""
    from .roles import RoleFileError

    try:
        roles = load_roles(path)
    except RoleFileError:
        return {}
    entries = {}
    for role in roles.values():
        if not role.get("group"):
            continue
        for instance in role_instances(role, ensure=False):
            name = group_name(role, instance)
            if name:
                label = f"{role['label']} ({instance.label})" if instance else role["label"]
                entries.setdefault(name, []).append(label)
    return {name: ", ".join(labels) for name, labels in entries.items()}


def slot_rights(per, path=None):
    """What the role file grants each group slot of ``per`` on its own
    instance, for writers that create many instances in bulk:
    ``{slot: (admin_access, {page codename}, {collection codename})}``."""
    provider = registry.provider(per)
    result = {slot: (False, set(), set()) for slot in provider.slots}
    for role in load_roles(path).values():
        if role.get("per") != per:
            continue
        admin, pages, collections = result[role["group"]]
        for entry in role.get("pages") or []:
            if entry["subtree"] == provider.page_selector:
                pages |= {PAGE_PERMISSIONS[p] for p in entry["permissions"]}
        for entry in role.get("collections") or []:
            if entry["collection"] == provider.collection_selector:
                collections |= set(entry["permissions"])
        result[role["group"]] = (admin or bool(role.get("admin_access")), pages, collections)
    return result
