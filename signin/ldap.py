"""Password sign-in against the directory: an LDAP bind with django-auth-ldap.

The person is looked up with the service account (``LDAP_BIND_DN``), the
password is checked by binding as them, and a disabled or expired directory
account is refused even where the server itself would accept the bind
(OpenLDAP knows nothing of ``userAccountControl``). The user is found by the
stable id (signin.identity), its names and offices updated from the
directory."""

import logging
from datetime import UTC, datetime, timedelta

from django_auth_ldap.backend import LDAPBackend

from . import identity

logger = logging.getLogger(__name__)

ACCOUNTDISABLE = 0x2
# accountExpires (FILETIME, 100 ns since 1601): 0 and this mean "never".
NEVER = 0x7FFFFFFFFFFFFFFF
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def _first(attrs, name):
    values = attrs.get(name) or attrs.get(name.lower()) or []
    return str(values[0]) if values else ""


def account_usable(attrs, now=None):
    """False when the directory says the account is disabled
    (``userAccountControl`` bit 2) or expired (``accountExpires`` of AD,
    ``shadowExpire`` in days since 1970)."""
    now = now or datetime.now(UTC)
    try:
        if int(_first(attrs, "userAccountControl") or 0) & ACCOUNTDISABLE:
            return False
        expires = int(_first(attrs, "accountExpires") or 0)
        if (
            expires not in (0, NEVER)
            and FILETIME_EPOCH + timedelta(microseconds=expires / 10) <= now
        ):
            return False
        shadow = _first(attrs, "shadowExpire")
        if (
            shadow
            and int(shadow) >= 0
            and datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=int(shadow)) <= now
        ):
            return False
    except (ValueError, OverflowError):
        logger.warning("unreadable account flags %r: refused", attrs)
        return False
    return True


def stable_id(ldap_user, attribute):
    """The entry's stable id as text (entryUUID as it is; a binary objectGUID
    as its UUID string)."""
    import uuid

    values = ldap_user.attrs.get(attribute) or ldap_user.attrs.get(attribute.lower()) or []
    if not values:
        return ""
    value = values[0]
    if isinstance(value, bytes) and len(value) == 16:
        return str(uuid.UUID(bytes_le=value))
    return str(value).strip().lower()


class IntranetLDAPBackend(LDAPBackend):
    """django-auth-ldap with the intranet's rules: stable-id matching, disabled
    and expired accounts refused, memberships from the directory groups, and
    ``is_active`` checked on every request."""

    def get_or_build_user(self, username, ldap_user):
        """The user of this directory entry by its stable id (a new unsaved
        one for a new person); refuses unusable or deactivated accounts, and a
        login name taken by an unlinked local account."""
        from django.conf import settings

        if not account_usable(ldap_user.attrs):
            raise ldap_user.AuthenticationFailed("account disabled or expired in the directory")
        key = stable_id(ldap_user, settings.LDAP_ID_ATTRIBUTE)
        try:
            user = identity.find_user(key, username)
        except identity.IdentityConflict as conflict:
            raise ldap_user.AuthenticationFailed(str(conflict)) from conflict
        if user is None:
            return self.get_user_model()(username=username), True
        if not user.is_active:
            raise ldap_user.AuthenticationFailed("account deactivated in the intranet")
        return user, False

    def authenticate_ldap_user(self, ldap_user, password):
        """After a successful bind: link the stable id and apply the groups."""
        from django.conf import settings

        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None:
            return None
        person = identity.Person(
            stable_id=stable_id(ldap_user, settings.LDAP_ID_ATTRIBUTE),
            username=user.username,
            dn=ldap_user.dn or "",
            source="ldap",
        )
        identity.link(user, person)
        identity.groups.apply(user, list(ldap_user.group_dns))
        return user

    def get_user(self, user_id):
        """The session's user, only while active (the library's own does not check)."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
