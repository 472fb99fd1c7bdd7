"""Keeping groups, office intranets and collections in step with the org
structure.

Membership of a unit is membership of its group (see the design notes): the
members group of a unit holds everyone who belongs to the unit or to any unit
below it; the editors group of an office holds its head, deputies and
editors. View restrictions name these groups, so reading rights follow the
org structure without any further bookkeeping.

Every function here is idempotent: running it twice changes nothing the
second time. The signal handlers and ``import_org`` both use them."""

import contextlib
import contextvars
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.log_actions import get_active_log_context, log
from wagtail.models import (
    Collection,
    ModelLogEntry,
)

from cms.pages import add_live_child, site_root_for
from cms.rights import apply_instance

from .models import Membership, OfficeIndexPage, OfficeIntranetPage, OrgUnit

EDITOR_FUNCTIONS = (
    Membership.Function.HEAD,
    Membership.Function.DEPUTY,
    Membership.Function.EDITOR,
)
GROUP_NAME_MAX = Group._meta.get_field("name").max_length

_sync_suspended = contextvars.ContextVar("offices_sync_suspended", default=False)
_audit_buffer = contextvars.ContextVar("offices_audit_buffer", default=None)


@contextlib.contextmanager
def sync_suspended():
    """Within this block the signal handlers leave groups and intranets alone,
    and audit entries are collected and written in one go at the end. For
    bulk changes (``import_org``) that sync once at the end instead of once
    per saved row: one ``log()`` call costs several queries, which for
    thousands of people would take minutes."""
    token = _sync_suspended.set(True)
    buffer_token = _audit_buffer.set([])
    try:
        yield
        ModelLogEntry.objects.bulk_create(_audit_buffer.get(), batch_size=500)
    finally:
        _audit_buffer.reset(buffer_token)
        _sync_suspended.reset(token)


def sync_is_suspended():
    """Whether the caller is inside ``sync_suspended()``."""
    return _sync_suspended.get()


def audit(instance, action, data):
    """Write an audit-log entry for ``instance`` (by the user of the active
    log context, as Wagtail's ``log()`` does), or collect it when inside
    ``sync_suspended()``."""
    buffer = _audit_buffer.get()
    if buffer is None:
        log(instance=instance, action=action, data=data)
        return
    context = get_active_log_context()
    buffer.append(
        ModelLogEntry(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            label=str(instance),
            object_id=str(instance.pk),
            action=action,
            data=data,
            timestamp=timezone.now(),
            user=context.user,
            uuid=context.uuid,
        )
    )


def members_group_name(unit):
    """The name of a unit's members group, e.g. "Mitglieder: Jugendamt (amt-51)"."""
    return _("Mitglieder: %(unit)s") % {"unit": unit.label}


def editors_group_name(unit):
    """The name of an office's editors group, e.g. "Redaktion: Jugendamt (amt-51)"."""
    return _("Redaktion: %(unit)s") % {"unit": unit.label}


def collection_name(unit):
    """The name of an office's collection, e.g. "Amt: Jugendamt"."""
    return _("Amt: %(name)s") % {"name": unit.name}


def _ensure_group(unit, field, name):
    """The group in ``unit.<field>``, created or renamed to ``name`` as needed."""
    name = name[:GROUP_NAME_MAX]
    group = getattr(unit, field)
    if group is None:
        # A group of that name may be left over from a deleted unit: reuse it.
        group, _created = Group.objects.get_or_create(name=name)
        setattr(unit, field, group)
        OrgUnit.objects.filter(pk=unit.pk).update(**{field: group})
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    return group


def ensure_unit_groups(unit):
    """Create (or rename) the members group of ``unit`` and, for offices, the
    editors group. Does not touch who is in them."""
    _ensure_group(unit, "group", members_group_name(unit))
    if unit.kind == OrgUnit.Kind.OFFICE:
        _ensure_group(unit, "editors_group", editors_group_name(unit))


def with_ancestors(units):
    """The given units and every unit above them (as a set of ids)."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    result = set()
    for unit in units:
        pk = getattr(unit, "pk", unit)
        while pk is not None and pk not in result:
            result.add(pk)
            pk = parents.get(pk)
    return result


def desired_members(unit_ids=None):
    """For every unit id: the ids of the users who belong to it or below it,
    and the ids of its editors. Computed in memory from two queries, because
    walking the tree per unit in SQL would cost a query per level. With
    ``unit_ids``, only the memberships in those units' subtrees are read."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    memberships = Membership.objects.all()
    if unit_ids is not None:
        children = defaultdict(list)
        for pk, parent_id in parents.items():
            children[parent_id].append(pk)
        subtree, todo = set(), list(unit_ids)
        while todo:
            pk = todo.pop()
            if pk not in subtree:
                subtree.add(pk)
                todo.extend(children.get(pk, ()))
        memberships = memberships.filter(unit_id__in=subtree)
    members = defaultdict(set)
    editors = defaultdict(set)
    for user_id, unit_id, function in memberships.values_list("user_id", "unit_id", "function"):
        if function in EDITOR_FUNCTIONS:
            editors[unit_id].add(user_id)
        seen = set()
        pk = unit_id
        while pk is not None and pk not in seen:  # seen guards against a corrupt cycle
            seen.add(pk)
            members[pk].add(user_id)
            pk = parents.get(pk)
    return members, editors


def _set_group_users(group, wanted, unit, changes):
    """Make ``group`` hold exactly the users ``wanted``; log and record the changes."""
    through = get_user_model().groups.through
    current = set(through.objects.filter(group=group).values_list("user_id", flat=True))
    added, removed = wanted - current, current - wanted
    if added:
        through.objects.bulk_create([through(group=group, user_id=pk) for pk in sorted(added)])
    if removed:
        through.objects.filter(group=group, user_id__in=removed).delete()
    if added or removed:
        usernames = dict(
            get_user_model().objects.filter(pk__in=added | removed).values_list("pk", "username")
        )
        for action, ids in (
            ("offices.group_member_added", added),
            ("offices.group_member_removed", removed),
        ):
            for pk in sorted(ids):
                audit(unit, action, {"group": group.name, "user": usernames.get(pk, str(pk))})
        changes[group.name] = (len(added), len(removed))


def sync_unit_groups(units=None):
    """Bring the groups of ``units`` (default: all units) in line with the
    memberships: create missing groups, then add and remove users. Returns
    ``{group name: (added, removed)}`` for the groups that changed."""
    changes = {}
    with transaction.atomic():
        queryset = OrgUnit.objects.select_related("group", "editors_group")
        unit_ids = None
        if units is not None:
            unit_ids = {getattr(unit, "pk", unit) for unit in units}
            queryset = queryset.filter(pk__in=unit_ids)
        members, editors = desired_members(unit_ids)
        for unit in queryset:
            ensure_unit_groups(unit)
            _set_group_users(unit.group, members.get(unit.pk, set()), unit, changes)
            if unit.kind == OrgUnit.Kind.OFFICE:
                _set_group_users(unit.editors_group, editors.get(unit.pk, set()), unit, changes)
            elif unit.editors_group is not None:
                # A former office keeps its group object but loses its editors.
                _set_group_users(unit.editors_group, set(), unit, changes)
    return changes


def site_home_page():
    """The root page of the default site if it is the start page (the page
    type "Ämter" lives below), else None."""
    return site_root_for(OfficeIndexPage)


def ensure_office_index(home=None):
    """The "Ämter" page below the start page, created if missing (None when
    the default site has no start page)."""
    home = home or site_home_page()
    if home is None:
        return None
    index = OfficeIndexPage.objects.child_of(home).first()
    if index is None:
        index = add_live_child(home, OfficeIndexPage(title=_("Ämter"), slug="aemter"))
    return index


def _ensure_collection(unit):
    name = collection_name(unit)
    collection = unit.collection
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=name).first()
        if collection is None:
            collection = root.add_child(name=name)
        unit.collection = collection
        OrgUnit.objects.filter(pk=unit.pk).update(collection=collection)
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def ensure_office_intranet(unit):
    """Give an office its intranet: an OfficeIntranetPage below "Ämter",
    plus a collection "Amt: <name>"; who reads and edits them is what the
    role file's office roles say (readable only by the office's members
    group, editable by its editors group), applied by cms.rights for this
    office alone. Idempotent. Returns the page, or None for a unit that is not
    an office or when the default site has no start page."""
    if unit.kind != OrgUnit.Kind.OFFICE:
        return None
    index = ensure_office_index()
    if index is None:
        return None
    with transaction.atomic():
        ensure_unit_groups(unit)
        page = OfficeIntranetPage.objects.filter(unit=unit).order_by("pk").first()
        if page is None:
            page = add_live_child(
                index,
                OfficeIntranetPage(
                    title=unit.name,
                    slug=slugify(unit.code) or "amt",
                    unit=unit,
                    contact_email=unit.email,
                    contact_phone=unit.phone,
                ),
            )
        _ensure_collection(unit)
        # Restrictions and editors' rights come from the role file's office roles.
        apply_instance("office", unit)
    return page


def ensure_all_office_intranets():
    """Give every office its intranet (for seed_demo and after imports).
    Returns the number of offices handled."""
    count = 0
    if site_home_page() is None:
        return count
    for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).select_related(
        "group", "editors_group", "collection"
    ):
        if ensure_office_intranet(unit) is not None:
            count += 1
    return count
