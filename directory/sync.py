"""The directory sync: read people and groups, then create and update
accounts, derive unit memberships and roles from (nested) groups through
config/directory.yaml, and reconcile leavers.

Reading happens before anything is written; an unreachable directory or an
empty answer raises before the first write. The writing runs in one
transaction; a dry run does all of it and rolls back, so what it reports is
exactly what a real run would change."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.rights.roles import load_roles
from offices import services as office_services
from offices.models import Membership, OrgUnit

from . import leavers
from .config import FUNCTION_RANK, connection_from_settings, load_rules
from .models import DirectoryAccount, DirectoryGroup, SyncState
from .reader import DirectoryReader

ACCOUNT_FIELDS = ("phone", "room", "title", "employee_number", "office", "department", "manager_dn")
USER_FIELDS = ("first_name", "last_name", "email")


class SyncRefused(Exception):
    """The run was not applied (empty answer, too many deactivations)."""


class _DryRun(Exception):
    """Raised inside the transaction of a dry run, to roll it back."""


@dataclass
class Report:
    """What a run changed (or, in a dry run, would change)."""

    full: bool = False
    dry_run: bool = False
    people_read: int = 0
    groups_read: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    renamed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    deactivated: list = field(default_factory=list)  # (username, reason, data)
    reactivated: list = field(default_factory=list)
    memberships_added: list = field(default_factory=list)
    memberships_changed: list = field(default_factory=list)
    memberships_removed: list = field(default_factory=list)
    roles_added: list = field(default_factory=list)
    roles_removed: list = field(default_factory=list)
    unknown_units: set = field(default_factory=set)
    mark: str = ""

    @property
    def has_changes(self):
        """Whether anything in the database changed (or would)."""
        return any(
            (
                self.created,
                self.updated,
                self.renamed,
                self.deactivated,
                self.reactivated,
                self.memberships_added,
                self.memberships_changed,
                self.memberships_removed,
                self.roles_added,
                self.roles_removed,
            )
        )


def _newer(a, b, numeric):
    if not a:
        return b
    if not b:
        return a
    if numeric:
        return a if int(a) >= int(b) else b
    return max(a, b)


def max_deactivate_share():
    """The largest share of active directory people one run may deactivate."""
    return float(getattr(settings, "DIRECTORY_MAX_DEACTIVATE_PERCENT", 5)) / 100


def run_sync(full=False, dry_run=False, max_share=None, progress=None, now=None):
    """Run the sync and return its Report. Raises ``DirectoryConfigError``
    (settings, mapping), ``DirectoryUnavailable`` (directory down, bind
    refused) or ``SyncRefused`` (empty answer, guard) before any write."""
    conf = connection_from_settings()
    rules = load_rules(roles=load_roles())
    state = SyncState.objects.filter(key="default").first() or SyncState(key="default")
    full = full or not state.high_water_mark
    since = "" if full else state.high_water_mark
    progress = progress or (lambda stage, done, total: None)

    with DirectoryReader(conf) as reader:
        people = list(reader.people(since))
        progress(_("Personen gelesen"), len(people), len(people))
        groups = list(reader.groups(since))
        progress(_("Gruppen gelesen"), len(groups), len(groups))
    if full and not people:
        raise SyncRefused(
            _(
                "Das Verzeichnis hat unter %(base)s keine Personen geliefert. Das ist fast "
                "sicher ein Fehler (Suchbasis, Filter, Rechte des Dienstkontos); es wurde "
                "nichts geändert."
            )
            % {"base": conf.user_base}
        )
    if full and not groups and rules and DirectoryGroup.objects.exists():
        raise SyncRefused(
            _(
                "Das Verzeichnis hat unter %(base)s keine Gruppen geliefert; alle "
                "Mitgliedschaften gingen verloren. Es wurde nichts geändert."
            )
            % {"base": conf.group_base}
        )

    report = Report(full=full, dry_run=dry_run, people_read=len(people), groups_read=len(groups))
    share = max_deactivate_share() if max_share is None else max_share
    try:
        with transaction.atomic():
            _Applier(conf, rules, report, now or timezone.now(), progress, share).apply(
                people, groups, full
            )
            mark = state.high_water_mark
            for entry in [*people, *groups]:
                mark = _newer(mark, entry.mark, conf.numeric_marks)
            report.mark = mark
            state.high_water_mark = mark
            state.last_run_at = timezone.now()
            if full:
                state.last_full_run_at = state.last_run_at
            state.save()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


class _Applier:
    """One run's writes, in the order that keeps the rules: accounts first,
    then leavers (while they still hold their memberships, so their office's
    editors can take over their workspaces), then memberships and roles."""

    def __init__(self, conf, rules, report, now, progress, share):
        self.conf = conf
        self.rules = rules
        self.report = report
        self.now = now
        self.progress = progress
        self.share = share
        self.User = get_user_model()
        # {old DN: new DN} of people renamed or moved in this run. Neither AD
        # nor OpenLDAP's refint marks the groups as changed when a member's DN
        # changes, so an incremental run fixes the stored member lists itself.
        self.moved_dns = {}

    def apply(self, people, groups, full):
        accounts = {a.external_id: a for a in DirectoryAccount.objects.select_related("user").all()}
        self._upsert_people(people, accounts)
        leaving = self._leavers(people, accounts, full)
        self._guard(leaving, accounts)
        self._upsert_groups(groups, full)
        sessions = leavers.end_sessions([account.user_id for account, _reason in leaving])
        for account, reason in leaving:
            data = leavers.deactivate(account, reason, sessions.get(account.user_id, 0))
            self.report.deactivated.append((account.user.get_username(), reason, data))
        self._reconcile_grants(accounts)
        self._link_managers(people, accounts)

    # --- people ---------------------------------------------------------------

    def _upsert_people(self, people, accounts):
        User = self.User
        taken = {}
        for pk, username in User.objects.values_list("pk", "username"):
            taken[username.lower()] = pk
        new_people, changed_users, changed_accounts = [], [], []
        total = len(people)
        for done, person in enumerate(people, 1):
            if done % 500 == 0 or done == total:
                self.progress(_("Personen abgeglichen"), done, total)
            wanted_active = person.enabled and not person.is_expired(self.now)
            account = accounts.get(person.external_id)
            if account is None:
                if not wanted_active:
                    self.report.skipped.append(person.username)
                    continue
                if person.username.lower() in taken:
                    self.report.conflicts.append(person.username)
                    continue
                taken[person.username.lower()] = None
                new_people.append(person)
                continue
            user = account.user
            user_changed = False
            if user.username != person.username:
                owner = taken.get(person.username.lower())
                if owner is not None and owner != user.pk:
                    self.report.conflicts.append(person.username)
                else:
                    self.report.renamed.append((user.username, person.username))
                    taken.pop(user.username.lower(), None)
                    taken[person.username.lower()] = user.pk
                    user.username = person.username
                    user_changed = True
            for name in USER_FIELDS:
                value = person.values.get(name, "")[: User._meta.get_field(name).max_length]
                if getattr(user, name) != value:
                    setattr(user, name, value)
                    user_changed = True
            if account.dn and account.dn != person.dn:
                self.moved_dns[account.dn] = person.dn
            account_changed = self._set_account(account, person)
            account._wanted_active = wanted_active
            if user_changed:
                changed_users.append(user)
            if account_changed:
                changed_accounts.append(account)
            if user_changed or account_changed:
                self.report.updated.append(person.username)
            if wanted_active and not user.is_active and account.deactivated_at is not None:
                leavers.reactivate(account)
                self.report.reactivated.append(person.username)
        if changed_users:
            User.objects.bulk_update(changed_users, ["username", *USER_FIELDS], batch_size=500)
        if changed_accounts:
            DirectoryAccount.objects.bulk_update(
                changed_accounts,
                ["dn", "enabled", "expires_at", "missing_since", "changed_mark", *ACCOUNT_FIELDS],
                batch_size=500,
            )
        self._create_people(new_people, accounts)

    def _set_account(self, account, person):
        changed = False
        wanted = {
            "dn": person.dn,
            "enabled": person.enabled,
            "expires_at": person.expires_at,
            "missing_since": None,
            "changed_mark": person.mark,
        }
        for name in ACCOUNT_FIELDS:
            limit = DirectoryAccount._meta.get_field(name).max_length
            wanted[name] = person.values.get(name, "")[:limit]
        for name, value in wanted.items():
            if getattr(account, name) != value:
                setattr(account, name, value)
                changed = name != "changed_mark" or changed
        return changed

    def _create_people(self, new_people, accounts):
        if not new_people:
            return
        User = self.User
        users = []
        for person in new_people:
            user = User(username=person.username, password=make_password(None), is_active=True)
            for name in USER_FIELDS:
                limit = User._meta.get_field(name).max_length
                setattr(user, name, person.values.get(name, "")[:limit])
            users.append(user)
        User.objects.bulk_create(users, batch_size=500)
        new_accounts = []
        for person, user in zip(new_people, users, strict=True):
            account = DirectoryAccount(user=user, external_id=person.external_id, granted={})
            self._set_account(account, person)
            account._wanted_active = True
            new_accounts.append(account)
            self.report.created.append(person.username)
        DirectoryAccount.objects.bulk_create(new_accounts, batch_size=500)
        for account in new_accounts:
            accounts[account.external_id] = account

    def _leavers(self, people, accounts, full):
        """``[(account, reason)]`` of active people who must go: disabled or
        expired in what was read, expired since (no change needed in the
        directory for that), or, in a full run, not listed any more."""
        seen = {person.external_id for person in people}
        result = []
        for external_id, account in accounts.items():
            if not account.user.is_active:
                continue
            if external_id in seen or not full:
                if not account.enabled:
                    result.append((account, "disabled"))
                elif account.expires_at is not None and account.expires_at <= self.now:
                    result.append((account, "expired"))
            else:
                account.missing_since = account.missing_since or self.now
                result.append((account, "missing"))
        for account, _reason in result:
            account._wanted_active = False
        return result

    def _guard(self, leaving, accounts):
        active = sum(1 for a in accounts.values() if a.user.is_active)
        if not leaving or active == 0:
            return
        if len(leaving) > self.share * active:
            raise SyncRefused(
                _(
                    "Der Lauf würde %(count)s von %(active)s aktiven Personen deaktivieren "
                    "(mehr als %(share)s %%). Das sieht nach einem Fehler im Verzeichnis oder "
                    "in den Einstellungen aus; es wurde nichts geändert. Wenn es stimmt: "
                    "sync_directory --max-deactivate PROZENT."
                )
                % {
                    "count": len(leaving),
                    "active": active,
                    "share": f"{self.share * 100:g}",
                }
            )

    def _link_managers(self, people, accounts):
        by_dn = {a.dn: a for a in accounts.values()}
        changed = []
        for person in people:
            account = accounts.get(person.external_id)
            if account is None:
                continue
            manager = by_dn.get(account.manager_dn) if account.manager_dn else None
            if manager is account:
                manager = None
            if account.manager_id != (manager.pk if manager else None):
                account.manager = manager
                changed.append(account)
        if changed:
            DirectoryAccount.objects.bulk_update(changed, ["manager"], batch_size=500)

    # --- groups ---------------------------------------------------------------

    def _upsert_groups(self, groups, full):
        existing = {g.dn: g for g in DirectoryGroup.objects.all()}
        new, changed = [], []
        for entry in groups:
            group = existing.get(entry.dn)
            if group is None:
                new.append(
                    DirectoryGroup(dn=entry.dn, members=entry.members, changed_mark=entry.mark)
                )
            elif group.members != entry.members or group.changed_mark != entry.mark:
                group.members, group.changed_mark = entry.members, entry.mark
                changed.append(group)
        if self.moved_dns:
            read = {entry.dn for entry in groups}
            for group in existing.values():
                if group.dn in read or not self.moved_dns.keys() & set(group.members):
                    continue
                group.members = sorted({self.moved_dns.get(m, m) for m in group.members})
                changed.append(group)
        DirectoryGroup.objects.bulk_create(new, batch_size=500)
        DirectoryGroup.objects.bulk_update(changed, ["members", "changed_mark"], batch_size=500)
        if full:
            seen = {entry.dn for entry in groups}
            DirectoryGroup.objects.exclude(dn__in=seen).delete() if seen else None

    def _closure(self):
        """``{group dn: set of non-group member DNs}`` through nested groups."""
        direct = {g.dn: g.members for g in DirectoryGroup.objects.all()}
        memo = {}

        def resolve(dn, path):
            if dn in memo:
                return memo[dn]
            result = set()
            for member in direct.get(dn, ()):
                if member in direct:
                    if member not in path:  # a cycle in the directory: stop there
                        result |= resolve(member, path | {member})
                else:
                    result.add(member)
            memo[dn] = result
            return result

        return {dn: resolve(dn, {dn}) for dn in direct}

    def _desired(self, accounts):
        """``{account pk: ({unit code: function}, {role key})}`` for active people."""
        closure = self._closure()
        by_dn = {
            a.dn: a for a in accounts.values() if getattr(a, "_wanted_active", a.user.is_active)
        }
        desired = {a.pk: ({}, set()) for a in by_dn.values()}
        for group_dn, member_dns in closure.items():
            for rule in self.rules:
                variables = rule.match(group_dn)
                if variables is None:
                    continue
                members = [by_dn[dn] for dn in member_dns if dn in by_dn]
                if rule.role:
                    for account in members:
                        desired[account.pk][1].add(rule.role)
                    continue
                try:
                    code = rule.unit.format(**variables)
                except (KeyError, IndexError):
                    continue
                for account in members:
                    units = desired[account.pk][0]
                    old = units.get(code)
                    if old is None or FUNCTION_RANK[rule.function] > FUNCTION_RANK[old]:
                        units[code] = rule.function
        return desired

    def _reconcile_grants(self, accounts):
        desired = self._desired(accounts)
        units = {u.code: u for u in OrgUnit.objects.all()}
        roles = load_roles()
        by_pk = {a.pk: a for a in accounts.values()}
        names = {a.user_id: a.user.get_username() for a in by_pk.values()}
        user_ids = list(names)
        rows = {}
        for membership in Membership.objects.filter(user_id__in=user_ids):
            rows[(membership.user_id, membership.unit_id)] = membership
        to_create, to_update, to_delete, affected = [], [], [], set()
        group_add, group_remove = [], []
        changed_accounts = []
        for pk, account in by_pk.items():
            want_units, want_roles = desired.get(pk, ({}, set()))
            known = {}
            for code, function in want_units.items():
                if code in units:
                    known[code] = function
                else:
                    self.report.unknown_units.add(code)
            granted = account.granted or {}
            had_units = granted.get("units", {})
            had_roles = set(granted.get("roles", []))
            name = account.user.get_username()
            for code, function in list(known.items()):
                unit = units[code]
                row = rows.get((account.user_id, unit.pk))
                if row is None:
                    to_create.append(
                        Membership(user_id=account.user_id, unit=unit, function=function)
                    )
                    self.report.memberships_added.append((name, code, function))
                    affected.add(unit.pk)
                elif code not in had_units:
                    # Made by hand before the directory gave it: it stays the
                    # hand-made one, and the sync will never take it away.
                    del known[code]
                elif row.function != function:
                    old = row.function
                    row.function = function
                    to_update.append((row, old))
                    self.report.memberships_changed.append((name, code, old, function))
                    affected.add(unit.pk)
            for code in set(had_units) - set(known):
                unit = units.get(code)
                row = rows.get((account.user_id, unit.pk)) if unit else None
                if row is not None:
                    to_delete.append(row.pk)
                    self.report.memberships_removed.append((name, code))
                    affected.add(unit.pk)
            for role in want_roles - had_roles:
                group_add.append((account, role))
                self.report.roles_added.append((name, role))
            for role in had_roles - want_roles:
                group_remove.append((account, role))
                self.report.roles_removed.append((name, role))
            new_granted = {"units": dict(sorted(known.items())), "roles": sorted(want_roles)}
            if new_granted != {"units": had_units, "roles": sorted(had_roles)}:
                account.granted = new_granted
                changed_accounts.append(account)
        with office_services.sync_suspended():
            Membership.objects.bulk_create(to_create, batch_size=500)
            for row in to_create:
                office_services.audit(
                    row.unit,
                    "offices.membership_added",
                    {"user": names[row.user_id], "unit": row.unit.code, "function": row.function},
                )
            if to_update:
                Membership.objects.bulk_update([row for row, _old in to_update], ["function"])
                for row, old in to_update:
                    office_services.audit(
                        row.unit,
                        "offices.membership_changed",
                        {
                            "user": names[row.user_id],
                            "unit": row.unit.code,
                            "function": row.function,
                            "old_function": old,
                        },
                    )
            if to_delete:
                # Deleted one by one through the queryset, so the org structure's
                # own signal handler writes its audit entry for each.
                Membership.objects.filter(pk__in=to_delete).delete()
            if affected:
                # Inside the suspension, so the group changes' audit entries are
                # written in one go (one log() per entry would take minutes).
                office_services.sync_unit_groups(office_services.with_ancestors(affected))
        self._apply_roles(group_add, group_remove, roles)
        if changed_accounts:
            DirectoryAccount.objects.bulk_update(changed_accounts, ["granted"], batch_size=500)

    def _apply_roles(self, group_add, group_remove, roles):
        if not group_add and not group_remove:
            return
        Through = self.User.groups.through
        groups = {}

        def group_of(role):
            if role not in groups:
                groups[role] = Group.objects.get_or_create(name=roles[role]["group"])[0]
            return groups[role]

        Through.objects.bulk_create(
            [
                Through(user_id=a.user_id, group_id=group_of(r).pk)
                for a, r in group_add
                if r in roles
            ],
            ignore_conflicts=True,
        )
        for account, role in group_remove:
            if role in roles:
                Through.objects.filter(user_id=account.user_id, group_id=group_of(role).pk).delete()
