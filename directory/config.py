"""The settings of the directory sync and the mapping file
``config/directory.yaml`` (directory group → unit membership or role).

The file, with line numbers in every error::

    version: 1
    rules:
      - group: "cn=intranet-redaktion,ou=groups,dc=stadt,dc=test"   # one DN
        role: central_editor                                         # of config/roles.yaml
      - pattern: "^cn=(?P<code>amt-[0-9]+),ou=groups,dc=stadt,dc=test$"  # regular expression
        unit: "{code}"                                # unit code; {name} from the pattern
        function: member                                             # head|deputy|editor|member
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

import yaml

from offices.models import Membership

FUNCTIONS = {
    "head": Membership.Function.HEAD,
    "leitung": Membership.Function.HEAD,
    "deputy": Membership.Function.DEPUTY,
    "stellvertretung": Membership.Function.DEPUTY,
    "editor": Membership.Function.EDITOR,
    "redaktion": Membership.Function.EDITOR,
    "member": Membership.Function.MEMBER,
    "mitglied": Membership.Function.MEMBER,
}
# When several rules give one person different functions in one unit, the
# strongest wins.
FUNCTION_RANK = {
    Membership.Function.MEMBER: 0,
    Membership.Function.EDITOR: 1,
    Membership.Function.DEPUTY: 2,
    Membership.Function.HEAD: 3,
}
RULE_KEYS = {"group", "pattern", "unit", "function", "role"}

# Per kind of directory: the attribute names and filters it uses.
DIALECTS = {
    "openldap": {
        "id_attribute": "entryUUID",
        "change_attribute": "modifyTimestamp",
        "username_attribute": "uid",
        "user_filter": "(objectClass=inetOrgPerson)",
        "group_filter": "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))",
        "member_attribute": "member",
    },
    "ad": {
        "id_attribute": "objectGUID",
        "change_attribute": "uSNChanged",
        "username_attribute": "sAMAccountName",
        "user_filter": "(&(objectCategory=person)(objectClass=user))",
        "group_filter": "(objectClass=group)",
        "member_attribute": "member",
    },
}
# Directory attribute per field of the user / DirectoryAccount; the same names
# exist in OpenLDAP's inetOrgPerson and in AD.
ATTRIBUTES = {
    "first_name": "givenName",
    "last_name": "sn",
    "email": "mail",
    "phone": "telephoneNumber",
    "room": "roomNumber",
    "title": "title",
    "employee_number": "employeeNumber",
    "office": "physicalDeliveryOfficeName",
    "department": "department",
    "manager_dn": "manager",
}


class DirectoryConfigError(Exception):
    """The mapping file or the settings cannot be used; the message says where."""


@dataclass
class Rule:
    """One line of the mapping: a group (DN or pattern) and what it gives."""

    line: int
    group: str = ""
    pattern: re.Pattern | None = None
    unit: str = ""
    function: str = Membership.Function.MEMBER
    role: str = ""

    def match(self, dn):
        """The variables of the match (``{}`` for a DN rule) or None."""
        if self.pattern is None:
            return {} if dn == self.group else None
        found = self.pattern.search(dn)
        return found.groupdict() if found else None


@dataclass
class Connection:
    """How to reach and read the directory (from the settings)."""

    url: str
    bind_dn: str
    bind_password: str
    user_base: str
    group_base: str
    user_filter: str
    group_filter: str
    id_attribute: str
    change_attribute: str
    username_attribute: str
    member_attribute: str
    attributes: dict = field(default_factory=dict)
    page_size: int = 500
    timeout: int = 10
    start_tls: bool = False

    @property
    def numeric_marks(self):
        """uSNChanged counts; modifyTimestamp is a time (compared as text)."""
        return self.change_attribute.lower() == "usnchanged"


def connection_from_settings():
    """The directory connection of the settings; DirectoryConfigError when
    LDAP_URL or a needed value is missing."""
    dialect_name = (getattr(settings, "LDAP_DIALECT", "") or "openldap").lower()
    if dialect_name not in DIALECTS:
        raise DirectoryConfigError(
            _("LDAP_DIALECT „%(value)s“ ist unbekannt (erlaubt: openldap, ad).")
            % {"value": dialect_name}
        )
    dialect = DIALECTS[dialect_name]
    url = getattr(settings, "LDAP_URL", "")
    if not url:
        raise DirectoryConfigError(_("LDAP_URL ist nicht gesetzt: kein Verzeichnis angebunden."))
    for name in ("LDAP_USER_BASE", "LDAP_GROUP_BASE"):
        if not getattr(settings, name, ""):
            raise DirectoryConfigError(_("%(name)s ist nicht gesetzt.") % {"name": name})

    def pick(name, key):
        return getattr(settings, name, "") or dialect[key]

    attributes = dict(ATTRIBUTES)
    attributes.update(getattr(settings, "LDAP_ATTRIBUTE_MAP", {}) or {})
    return Connection(
        url=url,
        bind_dn=getattr(settings, "LDAP_BIND_DN", ""),
        bind_password=getattr(settings, "LDAP_BIND_PASSWORD", ""),
        user_base=settings.LDAP_USER_BASE,
        group_base=settings.LDAP_GROUP_BASE,
        user_filter=pick("LDAP_USER_FILTER", "user_filter"),
        group_filter=pick("LDAP_GROUP_FILTER", "group_filter"),
        id_attribute=pick("LDAP_ID_ATTRIBUTE", "id_attribute"),
        change_attribute=pick("LDAP_CHANGE_ATTRIBUTE", "change_attribute"),
        username_attribute=pick("LDAP_USERNAME_ATTRIBUTE", "username_attribute"),
        member_attribute=dialect["member_attribute"],
        attributes=attributes,
        page_size=int(getattr(settings, "LDAP_PAGE_SIZE", 500)),
        timeout=int(getattr(settings, "LDAP_TIMEOUT", 10)),
        start_tls=bool(getattr(settings, "LDAP_START_TLS", False)),
    )


class _LineLoader(yaml.SafeLoader):
    """A safe loader that notes the line of every mapping under ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _fail(path, line, message):
    raise DirectoryConfigError(
        _("%(file)s, Zeile %(line)s: %(message)s")
        % {"file": path, "line": line, "message": message}
    )


def load_rules(path=None, roles=None):
    """Read and check the mapping file; returns the list of ``Rule``.
    ``roles`` is ``{role key: role}`` of config/roles.yaml (to check role
    names). Every problem raises DirectoryConfigError with the line."""
    path = Path(path or getattr(settings, "DIRECTORY_CONFIG", "") or _default_path())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DirectoryConfigError(
            _("Zuordnungsdatei %(file)s nicht lesbar: %(error)s") % {"file": path, "error": error}
        ) from error
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else "?"
        problem = getattr(error, "problem", None) or str(error)
        _fail(path, line, _("kein gültiges YAML (%(problem)s).") % {"problem": problem})
    if not isinstance(data, dict):
        _fail(path, 1, _("Erwartet wird eine Zuordnung mit „version“ und „rules“."))
    if data.get("version") != 1:
        _fail(path, data["__line__"], _("„version: 1“ fehlt oder ist unbekannt."))
    raw_rules = data.get("rules")
    if raw_rules is None:
        raw_rules = []
    if not isinstance(raw_rules, list):
        _fail(path, data["__line__"], _("„rules“ muss eine Liste sein."))
    unknown = set(data) - {"version", "rules", "__line__"}
    if unknown:
        _fail(
            path,
            data["__line__"],
            _("unbekannter Schlüssel „%(key)s“.") % {"key": sorted(unknown)[0]},
        )
    return [_rule(path, item, roles) for item in raw_rules]


def _default_path():
    return Path(settings.BASE_DIR) / "config" / "directory.yaml"


def _rule(path, item, roles):
    if not isinstance(item, dict):
        _fail(path, "?", _("Jede Regel ist eine Zuordnung (group/pattern und unit oder role)."))
    line = item.pop("__line__")
    unknown = set(item) - RULE_KEYS
    if unknown:
        _fail(path, line, _("unbekannter Schlüssel „%(key)s“.") % {"key": sorted(unknown)[0]})
    if ("group" in item) == ("pattern" in item):
        _fail(path, line, _("Genau eines von „group“ (DN) oder „pattern“ angeben."))
    if ("unit" in item) == ("role" in item):
        _fail(path, line, _("Genau eines von „unit“ oder „role“ angeben."))
    rule = Rule(line=line)
    if "group" in item:
        if not isinstance(item["group"], str) or "=" not in item["group"]:
            _fail(path, line, _("„group“ muss ein DN sein, z. B. cn=…,ou=groups,dc=…"))
        rule.group = normalize_dn(item["group"])
    else:
        if not isinstance(item["pattern"], str):
            _fail(path, line, _("„pattern“ muss ein Text sein."))
        try:
            rule.pattern = re.compile(item["pattern"], re.IGNORECASE)
        except re.error as error:
            _fail(
                path,
                line,
                _("„pattern“ ist kein gültiger regulärer Ausdruck: %(error)s") % {"error": error},
            )
    if "unit" in item:
        if not isinstance(item["unit"], str) or not item["unit"].strip():
            _fail(path, line, _("„unit“ muss das Kürzel einer Einheit sein."))
        rule.unit = item["unit"].strip()
        names = set(re.findall(r"{(\w+)}", rule.unit))
        available = set(rule.pattern.groupindex) if rule.pattern else set()
        if names - available:
            _fail(
                path,
                line,
                _("„unit“ nennt {%(name)s}, das Muster hat keine solche Gruppe (?P<%(name)s>…).")
                % {"name": sorted(names - available)[0]},
            )
        function = str(item.get("function", "member")).strip().lower()
        if function not in FUNCTIONS:
            _fail(
                path,
                line,
                _("unbekannte Funktion „%(value)s“ (head, deputy, editor, member).")
                % {"value": item.get("function")},
            )
        rule.function = FUNCTIONS[function]
    else:
        if "function" in item:
            _fail(path, line, _("„function“ gibt es nur zusammen mit „unit“."))
        rule.role = str(item["role"])
        if roles is not None:
            role = roles.get(rule.role)
            if role is None:
                _fail(
                    path,
                    line,
                    _("Rolle „%(role)s“ steht nicht in config/roles.yaml.") % {"role": rule.role},
                )
            if role.get("per") or not role.get("group"):
                _fail(
                    path,
                    line,
                    _(
                        "Rolle „%(role)s“ hat keine feste Gruppe; Amtsrollen entstehen über "
                        "„unit“ und „function“."
                    )
                    % {"role": rule.role},
                )
    return rule


def normalize_dn(dn):
    """A DN in one spelling (lower case, no blanks around separators), so that
    member values and entry DNs compare equal."""
    import ldap.dn

    try:
        parts = ldap.dn.str2dn(dn)
    except ldap.DECODING_ERROR:
        return dn.strip().lower()
    return ldap.dn.dn2str(parts).lower()
