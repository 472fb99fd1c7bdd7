"""Reading people and groups from LDAP / Active Directory with paged searches.

AD answers an unpaged search with at most 1,000 entries (MaxPageSize); the
test directory does the same (scripts/slapd.sh). Every search here pages
with the Simple Paged Results control, and AD's ranged attribute values
(``member;range=0-1499``) of big groups are read to the end."""

import contextlib
import datetime
import uuid
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

import ldap
import ldap.filter
from ldap.controls import SimplePagedResultsControl

from .config import normalize_dn

# userAccountControl: ACCOUNTDISABLE.
UAC_DISABLED = 0x2
# accountExpires: 0 and 0x7FFFFFFFFFFFFFFF mean "never".
NEVER = {0, 0x7FFFFFFFFFFFFFFF}
FILETIME_EPOCH = datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC)


class DirectoryUnavailable(Exception):
    """The directory could not be reached or refused the service account."""


@dataclass
class Person:
    """One person entry as the sync needs it."""

    external_id: str
    dn: str
    username: str
    values: dict = field(default_factory=dict)  # field name → text
    enabled: bool = True
    expires_at: datetime.datetime | None = None
    mark: str = ""

    def is_expired(self, now=None):
        """Whether the account's expiry date has passed."""
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


@dataclass
class GroupEntry:
    """One group entry: its DN and direct member DNs (normalised)."""

    dn: str
    members: list
    mark: str = ""


def _text(values):
    if not values:
        return ""
    return values[0].decode("utf-8", "replace").strip()


def stable_id(attribute, values):
    """The stable id as text: objectGUID is 16 bytes (shown as the GUID AD
    shows), entryUUID is already text."""
    if not values:
        return ""
    raw = values[0]
    if attribute.lower() == "objectguid" and len(raw) == 16:
        return str(uuid.UUID(bytes_le=raw))
    return raw.decode("ascii", "replace").strip().lower()


def expiry(attrs):
    """The expiry of an entry from accountExpires (AD FILETIME) or
    shadowExpire (days since 1970), None for "never"."""
    raw = _text(attrs.get("accountExpires"))
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value not in NEVER:
            return FILETIME_EPOCH + datetime.timedelta(microseconds=value // 10)
    raw = _text(attrs.get("shadowExpire"))
    if raw:
        try:
            days = int(raw)
        except ValueError:
            days = -1
        if days >= 0:
            return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                days=days
            )
    return None


def enabled(attrs):
    """False when userAccountControl has the ACCOUNTDISABLE bit."""
    raw = _text(attrs.get("userAccountControl"))
    try:
        return not (int(raw) & UAC_DISABLED) if raw else True
    except ValueError:
        return True


class DirectoryReader:
    """A bound connection to the directory with the searches of the sync."""

    def __init__(self, conn):
        self.conf = conn
        self.connection = None

    def __enter__(self):
        self.connect()
        return self

    def __exit__(self, *exc):
        if self.connection is not None:
            with contextlib.suppress(ldap.LDAPError):
                self.connection.unbind_s()
        return False

    def connect(self):
        """Bind with the service account; DirectoryUnavailable on any failure."""
        try:
            connection = ldap.initialize(self.conf.url)
            connection.set_option(ldap.OPT_REFERRALS, 0)
            connection.set_option(ldap.OPT_PROTOCOL_VERSION, 3)
            connection.set_option(ldap.OPT_NETWORK_TIMEOUT, self.conf.timeout)
            connection.set_option(ldap.OPT_TIMEOUT, self.conf.timeout * 6)
            if self.conf.start_tls:
                connection.start_tls_s()
            connection.simple_bind_s(self.conf.bind_dn, self.conf.bind_password)
        except ldap.INVALID_CREDENTIALS as error:
            raise DirectoryUnavailable(
                _("Das Verzeichnis lehnt das Dienstkonto %(dn)s ab (falsches Passwort?).")
                % {"dn": self.conf.bind_dn}
            ) from error
        except ldap.LDAPError as error:
            raise DirectoryUnavailable(
                _("Das Verzeichnis %(url)s ist nicht erreichbar: %(error)s")
                % {"url": self.conf.url, "error": _ldap_message(error)}
            ) from error
        self.connection = connection

    def paged(self, base, filterstr, attributes):
        """Yield ``(dn, attrs)`` of every entry, page by page."""
        control = SimplePagedResultsControl(True, size=self.conf.page_size, cookie=b"")
        try:
            while True:
                msgid = self.connection.search_ext(
                    base, ldap.SCOPE_SUBTREE, filterstr, attributes, serverctrls=[control]
                )
                _type, data, _msgid, controls = self.connection.result3(msgid)
                for dn, attrs in data:
                    if dn is not None:  # referrals come without a DN
                        yield dn, attrs
                pages = [
                    c for c in controls if c.controlType == SimplePagedResultsControl.controlType
                ]
                if not pages or not pages[0].cookie:
                    return
                control.cookie = pages[0].cookie
        except ldap.NO_SUCH_OBJECT as error:
            raise DirectoryUnavailable(
                _("Die Suchbasis %(base)s gibt es im Verzeichnis nicht.") % {"base": base}
            ) from error
        except ldap.LDAPError as error:
            raise DirectoryUnavailable(
                _("Die Suche im Verzeichnis ist gescheitert: %(error)s")
                % {"error": _ldap_message(error)}
            ) from error

    def _since(self, filterstr, mark):
        if not mark:
            return filterstr
        attribute = self.conf.change_attribute
        value = str(int(mark) + 1) if self.conf.numeric_marks else mark
        return f"(&{filterstr}({attribute}>={ldap.filter.escape_filter_chars(value)}))"

    def people(self, since=""):
        """Every person entry (or those changed since the mark)."""
        conf = self.conf
        attributes = [
            conf.id_attribute,
            conf.username_attribute,
            conf.change_attribute,
            "userAccountControl",
            "accountExpires",
            "shadowExpire",
            *conf.attributes.values(),
        ]
        for dn, attrs in self.paged(
            conf.user_base, self._since(conf.user_filter, since), attributes
        ):
            attrs = _caseless(attrs)
            external_id = stable_id(conf.id_attribute, attrs.get(conf.id_attribute.lower()))
            username = _text(attrs.get(conf.username_attribute.lower()))
            if not external_id or not username:
                continue
            values = {
                name: _text(attrs.get(attribute.lower()))
                for name, attribute in conf.attributes.items()
            }
            if values.get("manager_dn"):
                values["manager_dn"] = normalize_dn(values["manager_dn"])
            yield Person(
                external_id=external_id,
                dn=normalize_dn(dn),
                username=username,
                values=values,
                enabled=enabled(_CaselessGet(attrs)),
                expires_at=expiry(_CaselessGet(attrs)),
                mark=_text(attrs.get(conf.change_attribute.lower())),
            )

    def groups(self, since=""):
        """Every group entry (or those changed since the mark) with its direct members."""
        conf = self.conf
        member = conf.member_attribute
        attributes = [member, "uniqueMember", conf.change_attribute]
        filterstr = self._since(conf.group_filter, since)
        for dn, attrs in self.paged(conf.group_base, filterstr, attributes):
            members = []
            for name, values in attrs.items():
                lowered = name.lower()
                if lowered in (member.lower(), "uniquemember"):
                    members.extend(values)
                elif lowered.startswith(member.lower() + ";range="):
                    members.extend(values)
                    members.extend(self._rest_of_range(dn, member, lowered))
            yield GroupEntry(
                dn=normalize_dn(dn),
                members=sorted({normalize_dn(v.decode("utf-8", "replace")) for v in members}),
                mark=_text(_caseless(attrs).get(conf.change_attribute.lower())),
            )

    def _rest_of_range(self, dn, member, first):
        """AD hands out big multi-valued attributes in ranges; read the rest."""
        values = []
        current = first
        while not current.endswith("-*"):
            end = int(current.rsplit("-", 1)[1])
            wanted = f"{member};range={end + 1}-*"
            result = self.connection.search_s(dn, ldap.SCOPE_BASE, "(objectClass=*)", [wanted])
            attrs = result[0][1] if result else {}
            ranged = [k for k in attrs if k.lower().startswith(member.lower() + ";range=")]
            if not ranged:
                break
            current = ranged[0].lower()
            values.extend(attrs[ranged[0]])
        return values


def _caseless(attrs):
    return {key.lower(): value for key, value in attrs.items()}


class _CaselessGet(dict):
    """Lets enabled()/expiry() ask with AD's spelling of attribute names."""

    def get(self, key, default=None):
        return super().get(key.lower(), default)


def _ldap_message(error):
    if error.args and isinstance(error.args[0], dict):
        info = error.args[0]
        return info.get("desc", "") + (f" ({info['info']})" if info.get("info") else "")
    return str(error)
