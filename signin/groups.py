"""Directory groups (DNs or names, from LDAP, a groups claim or a SAML
attribute) → memberships of org units and roles, at sign-in.

With the directory sync installed, the one mapping of the intranet applies:
its rules file (``config/directory.yaml``, group DN or pattern → unit with
function, or role), and its bookkeeping (``DirectoryAccount.granted``): a
sign-in gives and takes away exactly what the sync would, and never touches a
membership or group made by hand. Without it (HOOK), a group whose name or
first DN value is the code of an org unit (``cn=amt-51,…`` → ``amt-51``)
makes its members members of that unit, and a sign-in only adds."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction

from offices.models import Membership, OrgUnit

RANK = {"member": 0, "editor": 1, "deputy": 2, "head": 3}


def group_key(value):
    """``amt-51`` for ``cn=amt-51,ou=groups,dc=stadt,dc=test`` or ``amt-51``."""
    first = str(value).split(",", 1)[0]
    return (first.split("=", 1)[1] if "=" in first else first).strip().lower()


def _directory_grants(values):
    from directory.config import load_rules, normalize_dn

    units, roles = {}, set()
    rules = load_rules()
    for value in values:
        dn = normalize_dn(str(value)) if "=" in str(value) else str(value).strip().lower()
        for rule in rules:
            variables = rule.match(dn)
            if variables is None:
                continue
            if rule.role:
                roles.add(rule.role)
                continue
            try:
                code = rule.unit.format(**variables)
            except (KeyError, IndexError):
                continue
            if code not in units or RANK[rule.function] > RANK[units[code]]:
                units[code] = rule.function
    return units, roles


def grants_for(values):
    """``({unit code: function}, {role key})`` for the given group values."""
    values = [value for value in values if value]
    if apps.is_installed("directory"):
        units, roles = _directory_grants(values)
    else:
        keys = {group_key(value) for value in values}
        units, roles = dict.fromkeys(keys, Membership.Function.MEMBER), set()
    known = set(OrgUnit.objects.filter(code__in=units).values_list("code", flat=True))
    return {code: function for code, function in units.items() if code in known}, roles


def _role_groups(keys):
    from cms.rights.roles import load_roles

    roles = load_roles()
    return {
        key: Group.objects.get_or_create(name=roles[key]["group"])[0]
        for key in keys
        if key in roles and roles[key].get("group")
    }


@transaction.atomic
def apply(user, values):
    """Give ``user`` the memberships and roles the groups map to (the signal
    handlers of offices/ then put them into the unit groups that the view
    restrictions name); with the directory sync installed, also take away
    what an earlier sync or sign-in gave and the groups no longer give."""
    units, roles = grants_for(values)
    account = getattr(user, "directory_account", None) if apps.is_installed("directory") else None
    granted = (account.granted or {}) if account is not None else None
    had_units = dict((granted or {}).get("units", {}))
    had_roles = set((granted or {}).get("roles", []))
    rows = {m.unit.code: m for m in user.memberships.select_related("unit")}
    kept = {}
    for unit in OrgUnit.objects.filter(code__in=units):
        function = units[unit.code]
        row = rows.get(unit.code)
        if row is None:
            Membership.objects.create(user=user, unit=unit, function=function)
        elif granted is not None and unit.code not in had_units:
            continue  # made by hand: stays as it is and is never taken away
        elif granted is not None and row.function != function:
            row.function = function
            row.save(update_fields=["function"])
        kept[unit.code] = function
    if granted is None:
        return
    for code in set(had_units) - set(kept):
        if code in rows:
            rows[code].delete()
    for group in _role_groups(roles - had_roles).values():
        user.groups.add(group)
    for group in _role_groups(had_roles - roles).values():
        user.groups.remove(group)
    new = {"units": dict(sorted(kept.items())), "roles": sorted(roles)}
    if new != {"units": had_units, "roles": sorted(had_roles)}:
        account.granted = new
        account.save(update_fields=["granted"])
