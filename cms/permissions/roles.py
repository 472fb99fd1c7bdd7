"""The declarative role concept: load ``config/roles.yaml``, validate it,
compute the desired groups and permissions, diff them against the database
and apply the difference.

The file is the one source of editing rights. ``apply_roles`` converges:
for every group the file describes, the page, collection and model
permissions become exactly those of the file. View restrictions are only
touched on the nodes the file names (office intranets, workspaces, an
internal staff council subtree); every other restriction belongs to whoever
created it."""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

import yaml
from wagtail.log_actions import log
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Site,
)

DEFAULT_FILE = Path(settings.BASE_DIR) / "config" / "roles.yaml"
LOG_ACTION = "intranet.roles_applied"

PAGE_PERMISSIONS = {
    "add": "add_page",
    "change": "change_page",
    "publish": "publish_page",
    "lock": "lock_page",
    "unlock": "unlock_page",
    "bulk_delete": "bulk_delete_page",
}
COLLECTION_PERMISSIONS = {
    "add_document": "wagtaildocs",
    "change_document": "wagtaildocs",
    "choose_document": "wagtaildocs",
    "add_image": "wagtailimages",
    "change_image": "wagtailimages",
    "choose_image": "wagtailimages",
}
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# Which group fields a templated role may name, per kind of instance.
TEMPLATE_GROUPS = {"office": {"members", "editors"}, "workspace": {"owners", "members"}}
ROLE_KEYS = {
    "label",
    "description",
    "group",
    "per",
    "admin_access",
    "permissions",
    "pages",
    "collections",
    "view_restrictions",
}
ENTRY_KEYS = {
    "pages": {"subtree", "permissions", "optional"},
    "collections": {"collection", "permissions"},
    "view_restrictions": {"pages", "collection", "optional", "also_roles"},
}
PAGE_SELECTORS = {"site_root", "office_intranet", "workspace_page"}
PAGE_SELECTOR_KEYS = {"page_type", "area", "path"}
COLLECTION_SELECTORS = {"root", "office_collection", "workspace_collection"}
INSTANCE_SELECTORS = {
    "office_intranet": "office",
    "office_collection": "office",
    "workspace_page": "workspace",
    "workspace_collection": "workspace",
}


class RoleFileError(Exception):
    """The role file cannot be used; the message names the file and role."""


@dataclass
class Instance:
    """One office, area or workspace a templated role is stamped out for."""

    label: str
    groups: dict = field(default_factory=dict)  # group field → Group (or None)
    page: Page | None = None
    collection: Collection | None = None
    variables: dict = field(default_factory=dict)


@dataclass
class GroupState:
    """What one group should have: its roles and its permissions."""

    group_name: str
    group: Group | None = None
    roles: list = field(default_factory=list)
    admin_access: bool = False
    permissions: set = field(default_factory=set)  # {(app_label, codename)} beyond admin access
    pages: set = field(default_factory=set)  # {(page_id, codename)}
    collections: set = field(default_factory=set)  # {(collection_id, codename)}


@dataclass
class DesiredState:
    """The state the role file asks for."""

    groups: dict = field(default_factory=dict)  # name → GroupState
    page_restrictions: dict = field(default_factory=dict)  # page_id → set of group names
    collection_restrictions: dict = field(default_factory=dict)  # collection_id → set of names


# --- loading and validation ------------------------------------------------


def load_roles(path=None):
    """Read and validate the role file; returns ``{role key: role dict}``.
    Raises ``RoleFileError`` naming the file and role for every problem
    that can be found without the database."""
    path = Path(path or DEFAULT_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RoleFileError(
            _("Rollendatei %(file)s nicht lesbar: %(error)s") % {"file": path, "error": error}
        ) from error
    except yaml.YAMLError as error:
        raise RoleFileError(
            _("Rollendatei %(file)s ist kein gültiges YAML: %(error)s")
            % {"file": path, "error": error}
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise RoleFileError(_("Rollendatei %(file)s: Abschnitt „roles“ fehlt.") % {"file": path})
    if data.get("version") != 1:
        raise RoleFileError(
            _("Rollendatei %(file)s: unbekannte Version %(version)r (erwartet 1).")
            % {"file": path, "version": data.get("version")}
        )
    roles = data["roles"]
    for key, role in roles.items():
        _validate_role(path, roles, key, role)
    return roles


def _fail(path, key, message):
    raise RoleFileError(
        _("Rollendatei %(file)s, Rolle „%(role)s“: %(message)s")
        % {"file": path, "role": key, "message": message}
    )


def _validate_role(path, roles, key, role):
    if not isinstance(role, dict):
        _fail(path, key, _("Die Rolle muss ein Abschnitt mit Schlüsseln sein."))
    unknown = set(role) - ROLE_KEYS
    if unknown:
        _fail(path, key, _("unbekannter Schlüssel %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    for required in ("label", "description"):
        if not role.get(required):
            _fail(path, key, _("„%(key)s“ fehlt.") % {"key": required})
    per = role.get("per")
    if per is not None and per not in ("office", "area", "workspace"):
        _fail(path, key, _("unbekannte Vorlage per: %(per)s") % {"per": per})
    group = role.get("group")
    if per in TEMPLATE_GROUPS and group not in TEMPLATE_GROUPS[per]:
        _fail(path, key, _("unbekannte Gruppe „%(group)s“ für per: %(per)s") % locals())
    if per == "area" and "{area_label}" not in str(group or ""):
        _fail(path, key, _("Gruppenname braucht den Platzhalter {area_label}."))
    if group is None and (role.get("pages") or role.get("collections")):
        _fail(path, key, _("Rechte ohne Gruppe können nicht vergeben werden."))
    for perm in role.get("permissions") or []:
        if not isinstance(perm, str) or perm.count(".") != 1:
            _fail(path, key, _("Recht „%(perm)s“ nicht als app.codename") % {"perm": perm})
    for section, allowed in ENTRY_KEYS.items():
        entries = role.get(section) or []
        if not isinstance(entries, list):
            _fail(path, key, _("„%(section)s“ muss eine Liste sein.") % {"section": section})
        for entry in entries:
            if not isinstance(entry, dict) or not set(entry) <= allowed:
                _fail(
                    path,
                    key,
                    _("Eintrag in „%(section)s“ mit unbekannten Schlüsseln: %(entry)r")
                    % {"section": section, "entry": entry},
                )
            if section != "view_restrictions" and not entry.get("permissions"):
                _fail(path, key, _("Eintrag in „%(s)s“ ohne permissions") % {"s": section})
    for entry in role.get("pages") or []:
        _validate_page_selector(path, key, per, entry.get("subtree"))
        for perm in entry.get("permissions") or []:
            if perm not in PAGE_PERMISSIONS:
                _fail(path, key, _("unbekanntes Seitenrecht „%(perm)s“") % {"perm": perm})
    for entry in role.get("collections") or []:
        _validate_collection_selector(path, key, per, entry.get("collection"))
        for perm in entry.get("permissions") or []:
            if perm not in COLLECTION_PERMISSIONS:
                _fail(path, key, _("unbekanntes Sammlungsrecht „%(perm)s“") % {"perm": perm})
    for entry in role.get("view_restrictions") or []:
        if "pages" in entry:
            _validate_page_selector(path, key, per, entry["pages"])
        elif "collection" in entry:
            _validate_collection_selector(path, key, per, entry["collection"])
        else:
            _fail(path, key, _("Ansichtsbeschränkung ohne pages oder collection"))
        for other in entry.get("also_roles") or []:
            if other not in roles:
                _fail(path, key, _("unbekannte Rolle „%(other)s“") % {"other": other})
            if roles[other].get("per") or not roles[other].get("group"):
                _fail(path, key, _("also_roles braucht Rollen mit fester Gruppe: %s") % other)


def _validate_page_selector(path, key, per, selector):
    if isinstance(selector, str):
        if selector not in PAGE_SELECTORS:
            _fail(path, key, _("unbekannter Teilbaum „%(sel)s“") % {"sel": selector})
        if INSTANCE_SELECTORS.get(selector, per) != per:
            _fail(path, key, _("„%(sel)s“ gilt nur in Vorlagenrollen") % {"sel": selector})
        return
    if (
        not isinstance(selector, dict)
        or len(selector) != 1
        or not set(selector) <= (PAGE_SELECTOR_KEYS)
    ):
        _fail(path, key, _("unbekannter Teilbaum %(sel)r") % {"sel": selector})
    ((kind, value),) = selector.items()
    if kind == "page_type":
        try:
            model = apps.get_model(value)
        except (LookupError, ValueError):
            _fail(path, key, _("unbekannter Seitentyp „%(sel)s“") % {"sel": value})
        if not issubclass(model, Page):
            _fail(path, key, _("„%(sel)s“ ist kein Seitentyp") % {"sel": value})
    elif kind == "area":
        from home.models.areas import Area

        if value == "{area}":
            if per != "area":
                _fail(path, key, _("{area} gilt nur mit per: area"))
        elif value not in Area.values:
            _fail(path, key, _("unbekannter Bereich „%(sel)s“") % {"sel": value})
    elif not str(value).startswith("/"):
        _fail(path, key, _("Pfad muss mit / beginnen: %(sel)s") % {"sel": value})


def _validate_collection_selector(path, key, per, selector):
    if selector not in COLLECTION_SELECTORS:
        _fail(path, key, _("unbekannte Sammlung %(sel)r") % {"sel": selector})
    if INSTANCE_SELECTORS.get(selector, per) != per:
        _fail(path, key, _("„%(sel)s“ gilt nur in Vorlagenrollen") % {"sel": selector})


# --- resolving selectors against the database -------------------------------


def site_root():
    """The root page of the default site (None without a site)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def site_path(url_path, root=None):
    """A page's Wagtail ``url_path`` ("/start/aemter/amt-51/") as the path
    readers see and the role file uses ("/aemter/amt-51/"); pages outside
    the default site keep their full ``url_path``. Pass ``root`` (the
    site's root page) to save its query in loops."""
    root = root or site_root()
    if root is not None and url_path.startswith(root.url_path):
        return "/" + url_path[len(root.url_path) :]
    return url_path


def page_by_url_path(url_path):
    """The page at ``url_path`` (e.g. "/personalrat/") below the default
    site's root, or None."""
    root = site_root()
    if root is None:
        return None
    wanted = root.url_path + url_path.strip("/") + "/" if url_path.strip("/") else root.url_path
    return Page.objects.filter(url_path=wanted).first()


def _instances(per, ensure_groups=True):
    """The offices, areas or workspaces a templated role is stamped out for.
    With ``ensure_groups`` missing office groups are created first (by the
    offices app, which owns their names); without, nothing is written."""
    if per == "office":
        from offices.models import OfficeIntranetPage, OrgUnit
        from offices.services import ensure_unit_groups

        pages = {p.unit_id: p for p in OfficeIntranetPage.objects.order_by("-pk")}
        result = []
        for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).select_related(
            "group", "editors_group", "collection"
        ):
            if ensure_groups:
                ensure_unit_groups(unit)
            result.append(
                Instance(
                    label=unit.label,
                    groups={"members": unit.group, "editors": unit.editors_group},
                    page=pages.get(unit.pk),
                    collection=unit.collection,
                )
            )
        return result
    if per == "area":
        from home.models.areas import Area

        with translation.override("de"):
            return [
                Instance(label=str(label), variables={"area": value, "area_label": str(label)})
                for value, label in Area.choices
            ]
    if per == "workspace":
        try:
            model = apps.get_model("workspaces", "Workspace")
        except LookupError:
            return []  # the workspaces app has no model yet
        return [
            Instance(
                label=str(ws),
                groups={
                    "owners": getattr(ws, "owners_group", None),
                    "members": getattr(ws, "members_group", None),
                },
                page=getattr(ws, "page", None),
                collection=getattr(ws, "collection", None),
            )
            for ws in model.objects.all()
        ]
    return [None]


def _resolve_pages(selector, instance, optional, role_key, path):
    if selector == "site_root":
        root = site_root()
        return [root] if root else []
    if selector in ("office_intranet", "workspace_page"):
        return [instance.page] if instance.page else []
    ((kind, value),) = selector.items()
    if kind == "page_type":
        return list(Page.objects.type(apps.get_model(value)).order_by("path"))
    if kind == "area":
        from home.models import InformationAreaPage

        area = instance.variables["area"] if value == "{area}" else value
        return list(InformationAreaPage.objects.filter(area=area).order_by("path"))
    page = page_by_url_path(value)
    if page is None and not optional:
        _fail(path, role_key, _("Seite mit Pfad „%(path)s“ gibt es nicht") % {"path": value})
    return [page] if page else []


def _resolve_collection(selector, instance):
    if selector == "root":
        return Collection.get_first_root_node()
    return instance.collection


def _role_group_name(role, instance):
    if role.get("per") in TEMPLATE_GROUPS:
        group = instance.groups.get(role["group"])
        return group.name if group else None
    if role.get("per") == "area":
        return role["group"].format(**instance.variables)
    return role["group"]


def role_groups(roles):
    """``{group name: [(role key, role label, instance label)]}`` for the
    groups the role file describes (reads, never writes)."""
    result = {}
    for key, role in roles.items():
        if not role.get("group"):
            continue
        for instance in _instances(role.get("per"), ensure_groups=False):
            name = _role_group_name(role, instance)
            if name:
                result.setdefault(name, []).append(
                    (key, role["label"], instance.label if instance else "")
                )
    return result


def desired_state(roles, path=None):
    """Compute what the database should hold according to ``roles``."""
    path = path or DEFAULT_FILE
    state = DesiredState()
    fixed_groups = {key: role.get("group") for key, role in roles.items() if not role.get("per")}
    for key, role in roles.items():
        if not role.get("group"):
            continue
        for instance in _instances(role.get("per")):
            name = _role_group_name(role, instance)
            if name is None:
                continue
            group_state = state.groups.setdefault(name, GroupState(group_name=name))
            if instance and instance.groups:
                group_state.group = instance.groups.get(role["group"])
            group_state.roles.append(key)
            group_state.admin_access |= bool(role.get("admin_access"))
            group_state.permissions |= {tuple(p.split(".")) for p in role.get("permissions") or []}
            for entry in role.get("pages") or []:
                pages = _resolve_pages(entry["subtree"], instance, entry.get("optional"), key, path)
                for page in pages:
                    for perm in entry.get("permissions") or []:
                        group_state.pages.add((page.pk, PAGE_PERMISSIONS[perm]))
            for entry in role.get("collections") or []:
                collection = _resolve_collection(entry["collection"], instance)
                if collection is not None:
                    for perm in entry.get("permissions") or []:
                        group_state.collections.add((collection.pk, perm))
            for entry in role.get("view_restrictions") or []:
                names = {name} | {fixed_groups[o] for o in entry.get("also_roles") or []}
                if "pages" in entry:
                    for page in _resolve_pages(
                        entry["pages"], instance, entry.get("optional"), key, path
                    ):
                        state.page_restrictions.setdefault(page.pk, set()).update(names)
                else:
                    collection = _resolve_collection(entry["collection"], instance)
                    if collection is not None:
                        state.collection_restrictions.setdefault(collection.pk, set()).update(names)
    return state


# --- diff and apply ------------------------------------------------------------


class _Applier:
    """Brings the database in line with a ``DesiredState``, recording each
    change as a readable line and per audited object."""

    def __init__(self):
        self.changes = []
        self.audit = {}  # object → list of change lines
        self._perms = {}

    def note(self, instance, line):
        self.changes.append(line)
        self.audit.setdefault(instance, []).append(line)

    def permission(self, app_label, codename):
        key = (app_label, codename)
        if key not in self._perms:
            self._perms[key] = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
        return self._perms[key]

    def group(self, group_state):
        group = group_state.group
        if group is None:
            group, created = Group.objects.get_or_create(name=group_state.group_name)
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
        root = site_root()
        titles = {
            pk: site_path(url_path, root)
            for pk, url_path in Page.objects.filter(pk__in={p for p, _c in wanted}).values_list(
                "pk", "url_path"
            )
        }
        for page_id, codename in sorted(wanted - existing.keys()):
            GroupPagePermission.objects.create(
                group=group, page_id=page_id, permission=self.permission("wagtailcore", codename)
            )
            self.note(
                group,
                _("Gruppe „%(g)s“: Seitenrecht „%(p)s“ auf %(page)s erteilt.")
                % {"g": group.name, "p": codename, "page": titles.get(page_id, page_id)},
            )
        for key in sorted(existing.keys() - wanted):
            gpp = existing[key]
            gpp.delete()
            self.note(
                group,
                _("Gruppe „%(g)s“: Seitenrecht „%(p)s“ auf %(page)s entzogen.")
                % {"g": group.name, "p": key[1], "page": site_path(gpp.page.url_path)},
            )

    def collection_permissions(self, group, wanted):
        existing = {
            (gcp.collection_id, gcp.permission.codename): gcp
            for gcp in GroupCollectionPermission.objects.filter(group=group).select_related(
                "permission", "collection"
            )
        }
        names = dict(Collection.objects.values_list("pk", "name"))
        for collection_id, codename in sorted(wanted - existing.keys()):
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
            existing[key].delete()
            self.note(
                group,
                _("Gruppe „%(g)s“: Sammlungsrecht „%(p)s“ auf „%(c)s“ entzogen.")
                % {"g": group.name, "p": key[1], "c": names.get(key[0])},
            )

    def restriction(self, model, field_name, node, groups):
        """Exactly one "groups" restriction on ``node`` naming ``groups``
        (the same rule as offices.services, so the two agree)."""
        restriction = model.objects.filter(**{field_name: node}).order_by("pk").first()
        label = site_path(node.url_path) if isinstance(node, Page) else node.name
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
    applier = _Applier()
    admin_access = applier.permission(*ADMIN_ACCESS)
    groups = {}
    for name in sorted(state.groups):
        group_state = state.groups[name]
        group = applier.group(group_state)
        groups[name] = group
        wanted = {applier.permission(*perm) for perm in group_state.permissions}
        applier.model_permissions(
            group, wanted | ({admin_access} if group_state.admin_access else set())
        )
        applier.page_permissions(group, group_state.pages)
        applier.collection_permissions(group, group_state.collections)
    for page in Page.objects.filter(pk__in=state.page_restrictions).order_by("path"):
        wanted = [groups[n] for n in sorted(state.page_restrictions[page.pk])]
        applier.restriction(PageViewRestriction, "page", page, wanted)
    for collection in Collection.objects.filter(pk__in=state.collection_restrictions):
        wanted = [groups[n] for n in sorted(state.collection_restrictions[collection.pk])]
        applier.restriction(CollectionViewRestriction, "collection", collection, wanted)
    return applier


def apply_roles(path=None, dry_run=False):
    """Load the role file and bring the database in line with it, in one
    transaction. Returns the list of changes (empty when everything already
    matched). With ``dry_run`` the changes are computed by applying and
    rolling back, so plan and real run cannot drift apart; nothing is
    written, not even the audit log."""
    path = Path(path or DEFAULT_FILE)
    roles = load_roles(path)
    with transaction.atomic():
        applier = _apply(desired_state(roles, path))
        for instance, lines in applier.audit.items():
            log(instance=instance, action=LOG_ACTION, data={"changes": lines, "file": str(path)})
        if dry_run:
            transaction.set_rollback(True)
    return applier.changes
