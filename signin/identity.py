"""One person from the directory, whichever way they signed in (LDAP bind,
OpenID Connect, SAML): found by the directory's stable id, never by e-mail,
created when new, names and offices updated from what the directory or the
identity provider says.

The link user ↔ stable id is the directory sync's model
(``directory.DirectoryAccount.external_id``, entryUUID / objectGUID), so the
sync and every sign-in agree on who is who. HOOK: while the ``directory`` app
is not installed there is no such link, and a person is matched by the
directory's login name (``username``) instead."""

import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from . import groups

logger = logging.getLogger(__name__)


class IdentityConflict(Exception):
    """The login name belongs to a local account that is not linked to this
    directory person: signing in would take that account over."""


@dataclass
class Person:
    """What a backend learnt about the person signing in."""

    stable_id: str
    username: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    groups: list = field(default_factory=list)
    dn: str = ""
    source: str = ""


def directory_account_model():
    """The model that links a user to the directory's stable id, or None
    while the directory sync app is not installed."""
    if not apps.is_installed("directory"):
        return None
    return apps.get_model("directory", "DirectoryAccount")


def find_user(stable_id, username):
    """The existing user of this directory person, or None for a new one.

    With the directory app: by the stable id only. A login name already used
    by an unlinked account raises IdentityConflict instead of adopting it.
    Without it (HOOK, see the module docstring): by the login name."""
    User = get_user_model()
    Account = directory_account_model()
    if Account is None:
        return User.objects.filter(username__iexact=username).first()
    if not stable_id:
        raise IdentityConflict(f"no stable id for {username!r}")
    account = Account.objects.select_related("user").filter(external_id=stable_id).first()
    if account is not None:
        return account.user
    if User.objects.filter(username__iexact=username).exists():
        raise IdentityConflict(f"{username!r} exists and is not linked to {stable_id!r}")
    return None


def link(user, person):
    """Remember the stable id of a user created at sign-in, so the next sync
    and the next sign-in find the same user (no-op without the directory app)."""
    Account = directory_account_model()
    if Account is None or not person.stable_id:
        return
    Account.objects.get_or_create(
        user=user, defaults={"external_id": person.stable_id, "dn": person.dn}
    )


def normalized(stable_id):
    """Stable ids compare case-insensitively (UUIDs), in the sync's spelling."""
    return str(stable_id or "").strip().lower()


def sign_in(person):
    """The active user for ``person``, created or updated; None when the account
    is deactivated (a sign-in never reactivates what the sync turned off) or
    taken by an unlinked local account."""
    if not person.username:
        logger.warning("%s sign-in without a login name refused", person.source)
        return None
    User = get_user_model()
    person.stable_id = normalized(person.stable_id)
    with transaction.atomic():
        try:
            user = find_user(person.stable_id, person.username)
        except IdentityConflict as conflict:
            logger.warning("%s sign-in refused: %s", person.source, conflict)
            return None
        if user is not None and not user.is_active:
            return None
        if user is None:
            user = User(username=person.username)
            user.set_unusable_password()
        for name in ("email", "first_name", "last_name"):
            value = getattr(person, name)
            if value:
                setattr(user, name, value)
        user.save()
        link(user, person)
        groups.apply(user, person.groups)
    return user
