"""The role file ``config/roles.yaml``: loading and validation.

Everything that can be checked without the database is checked here, so a
bad file is refused before anything is written. Which template kinds
(``per``), group slots and selectors exist comes from the registered
providers (registry.py), not from a list of apps."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

import yaml

from . import registry

DEFAULT_FILE = Path(settings.BASE_DIR) / "config" / "roles.yaml"

PAGE_PERMISSIONS = {
    "add": "add_page",
    "change": "change_page",
    "publish": "publish_page",
    "lock": "lock_page",
    "unlock": "unlock_page",
    "bulk_delete": "bulk_delete_page",
}
# Collection permission codename → the app whose models Wagtail checks them on.
COLLECTION_PERMISSIONS = {
    "add_document": "wagtaildocs",
    "change_document": "wagtaildocs",
    "choose_document": "wagtaildocs",
    "add_image": "wagtailimages",
    "change_image": "wagtailimages",
    "choose_image": "wagtailimages",
}
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
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
PAGE_SELECTOR_KEYS = {"page_type", "path"}

_cache = {}


class RoleFileError(Exception):
    """The role file cannot be used; the message names the file and role."""


def load_roles(path=None):
    """Read and validate the role file; returns ``{role key: role dict}``.
    Raises ``RoleFileError`` naming the file and role for every problem
    that can be found without the database. The parsed file is kept until
    it changes on disk, so incremental application stays cheap."""
    path = Path(path or DEFAULT_FILE)
    try:
        stamp = (str(path), path.stat().st_mtime_ns)
        if stamp in _cache:
            return _cache[stamp]
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
    _cache.clear()
    _cache[stamp] = roles
    return roles


def fail(path, key, message):
    """Raise ``RoleFileError`` for role ``key`` of the file at ``path``."""
    raise RoleFileError(
        _("Rollendatei %(file)s, Rolle „%(role)s“: %(message)s")
        % {"file": path, "role": key, "message": message}
    )


def _validate_role(path, roles, key, role):
    if not isinstance(role, dict):
        fail(path, key, _("Die Rolle muss ein Abschnitt mit Schlüsseln sein."))
    unknown = set(role) - ROLE_KEYS
    if unknown:
        fail(path, key, _("unbekannter Schlüssel %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    for required in ("label", "description"):
        if not role.get(required):
            fail(path, key, _("„%(key)s“ fehlt.") % {"key": required})
    per = role.get("per")
    provider = registry.provider(per) if per is not None else None
    if per is not None and provider is None:
        fail(path, key, _("unbekannte Vorlage per: %(per)s") % {"per": per})
    group = role.get("group")
    if provider is not None and provider.slots and group not in provider.slots:
        fail(path, key, _("unbekannte Gruppe „%(group)s“ für per: %(per)s") % locals())
    placeholders = [f"{{{name}}}" for name in provider.variables] if provider else []
    if (
        provider is not None
        and not provider.slots
        and not any(placeholder in str(group or "") for placeholder in placeholders)
    ):
        fail(
            path,
            key,
            _("Gruppenname braucht einen Platzhalter: %(vars)s")
            % {"vars": ", ".join(placeholders)},
        )
    if group is None and (role.get("pages") or role.get("collections")):
        fail(path, key, _("Rechte ohne Gruppe können nicht vergeben werden."))
    for perm in role.get("permissions") or []:
        if not isinstance(perm, str) or perm.count(".") != 1:
            fail(path, key, _("Recht „%(perm)s“ nicht als app.codename") % {"perm": perm})
    for section, allowed in ENTRY_KEYS.items():
        entries = role.get(section) or []
        if not isinstance(entries, list):
            fail(path, key, _("„%(section)s“ muss eine Liste sein.") % {"section": section})
        for entry in entries:
            if not isinstance(entry, dict) or not set(entry) <= allowed:
                fail(
                    path,
                    key,
                    _("Eintrag in „%(section)s“ mit unbekannten Schlüsseln: %(entry)r")
                    % {"section": section, "entry": entry},
                )
            if section != "view_restrictions" and not entry.get("permissions"):
                fail(path, key, _("Eintrag in „%(s)s“ ohne permissions") % {"s": section})
    for entry in role.get("pages") or []:
        _validate_page_selector(path, key, per, entry.get("subtree"))
        for perm in entry.get("permissions") or []:
            if perm not in PAGE_PERMISSIONS:
                fail(path, key, _("unbekanntes Seitenrecht „%(perm)s“") % {"perm": perm})
    for entry in role.get("collections") or []:
        _validate_collection_selector(path, key, per, entry.get("collection"))
        for perm in entry.get("permissions") or []:
            if perm not in COLLECTION_PERMISSIONS:
                fail(path, key, _("unbekanntes Sammlungsrecht „%(perm)s“") % {"perm": perm})
    for entry in role.get("view_restrictions") or []:
        if "pages" in entry:
            _validate_page_selector(path, key, per, entry["pages"])
        elif "collection" in entry:
            _validate_collection_selector(path, key, per, entry["collection"])
        else:
            fail(path, key, _("Ansichtsbeschränkung ohne pages oder collection"))
        for other in entry.get("also_roles") or []:
            if other not in roles:
                fail(path, key, _("unbekannte Rolle „%(other)s“") % {"other": other})
            if roles[other].get("per") or not roles[other].get("group"):
                fail(path, key, _("also_roles braucht Rollen mit fester Gruppe: %s") % other)


def instance_selector_kind(selector, what="page"):
    """The ``per`` whose instance page (or collection) ``selector`` names, or None."""
    for per, provider in registry.providers().items():
        if selector == (provider.page_selector if what == "page" else provider.collection_selector):
            return per
    return None


def _validate_page_selector(path, key, per, selector):
    if isinstance(selector, str):
        kind = instance_selector_kind(selector)
        if kind is None and selector != "site_root" and selector not in registry.page_selectors():
            fail(path, key, _("unbekannter Teilbaum „%(sel)s“") % {"sel": selector})
        if kind is not None and kind != per:
            fail(path, key, _("„%(sel)s“ gilt nur in Vorlagenrollen") % {"sel": selector})
        return
    providers = registry.providers()
    if not isinstance(selector, dict) or len(selector) != 1:
        fail(path, key, _("unbekannter Teilbaum %(sel)r") % {"sel": selector})
    ((kind, value),) = selector.items()
    if kind == "page_type":
        try:
            model = apps.get_model(value)
        except (LookupError, ValueError):
            fail(path, key, _("unbekannter Seitentyp „%(sel)s“") % {"sel": value})
        from wagtail.models import Page

        if not issubclass(model, Page):
            fail(path, key, _("„%(sel)s“ ist kein Seitentyp") % {"sel": value})
    elif kind == "path":
        if not str(value).startswith("/"):
            fail(path, key, _("Pfad muss mit / beginnen: %(sel)s") % {"sel": value})
    elif kind in providers:
        if value == f"{{{kind}}}":
            if per != kind:
                fail(path, key, _("{%(k)s} gilt nur mit per: %(k)s") % {"k": kind})
        elif value not in providers[kind].values():
            fail(path, key, _("unbekannter Bereich „%(sel)s“") % {"sel": value})
    else:
        fail(path, key, _("unbekannter Teilbaum %(sel)r") % {"sel": selector})


def _validate_collection_selector(path, key, per, selector):
    kind = instance_selector_kind(selector, "collection")
    if selector != "root" and kind is None:
        fail(path, key, _("unbekannte Sammlung %(sel)r") % {"sel": selector})
    if kind is not None and kind != per:
        fail(path, key, _("„%(sel)s“ gilt nur in Vorlagenrollen") % {"sel": selector})
