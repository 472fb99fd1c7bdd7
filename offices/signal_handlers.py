"""Signal handlers of the org structure (connected in OfficesConfig.ready).

They keep the unit groups and office intranets in step with every change,
wherever it comes from (admin, import, shell), and write the audit log. Bulk
changes suspend the syncing with ``services.sync_suspended()`` and sync once
at the end; the audit entries are written either way."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import services
from .models import Membership, OrgUnit


def _membership_data(membership, **extra):
    return {
        "user": membership.user.get_username(),
        "unit": membership.unit.code,
        "function": membership.function,
        **extra,
    }


@receiver(pre_save, sender=OrgUnit)
def remember_old_parent(sender, instance, raw=False, **kwargs):
    """Note the parent before the save, so that a move can be recognised."""
    if raw or instance.pk is None:
        instance._offices_old_parent_id = None
        return
    instance._offices_old_parent_id = (
        OrgUnit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    )


@receiver(post_save, sender=OrgUnit)
def unit_saved(sender, instance, created, raw=False, **kwargs):
    """Create the unit's groups; after a move, resync the groups above the old
    and the new place; give a new office its intranet."""
    if raw:
        return
    old_parent_id = getattr(instance, "_offices_old_parent_id", None)
    moved = not created and old_parent_id != instance.parent_id
    if moved:
        services.audit(
            instance,
            "offices.unit_moved",
            {
                "unit": instance.code,
                "old_parent": _code(old_parent_id),
                "new_parent": _code(instance.parent_id),
            },
        )
    if services.sync_is_suspended():
        return
    services.ensure_unit_groups(instance)
    if moved:
        affected = services.with_ancestors([instance.pk])
        if old_parent_id is not None:
            affected |= services.with_ancestors([old_parent_id])
        services.sync_unit_groups(affected)
    if instance.kind == OrgUnit.Kind.OFFICE and services.site_home_page() is not None:
        services.ensure_office_intranet(instance)


def _code(unit_id):
    if unit_id is None:
        return ""
    return OrgUnit.objects.filter(pk=unit_id).values_list("code", flat=True).first() or ""


@receiver(post_delete, sender=OrgUnit)
def unit_deleted(sender, instance, **kwargs):
    """A deleted unit takes its groups with it: nobody keeps reading rights
    through a unit that no longer exists."""
    for group in (instance.group, instance.editors_group):
        if group is not None:
            group.delete()


@receiver(pre_save, sender=Membership)
def remember_old_membership(sender, instance, raw=False, **kwargs):
    """Note unit and function before the save, to log and sync what changed."""
    old = None
    if not raw and instance.pk is not None:
        old = Membership.objects.filter(pk=instance.pk).values("unit_id", "function").first()
    instance._offices_old = old


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance, created, raw=False, **kwargs):
    """Log the change and resync the groups of the unit and those above it."""
    if raw:
        return
    old = getattr(instance, "_offices_old", None)
    affected = [instance.unit_id]
    if created or old is None:
        services.audit(instance.unit, "offices.membership_added", _membership_data(instance))
    elif old["unit_id"] != instance.unit_id or old["function"] != instance.function:
        services.audit(
            instance.unit,
            "offices.membership_changed",
            _membership_data(instance, old_function=old["function"]),
        )
        affected.append(old["unit_id"])
    else:
        return
    _sync_later(affected)


@receiver(post_delete, sender=Membership)
def membership_deleted(sender, instance, **kwargs):
    """Log the removal and resync the groups of the unit and those above it."""
    unit = OrgUnit.objects.filter(pk=instance.unit_id).first()
    if unit is None:
        return  # the unit itself is being deleted; its groups go with it
    services.audit(unit, "offices.membership_removed", _membership_data(instance))
    _sync_later([instance.unit_id])


def _sync_later(unit_ids):
    # Synced at once rather than on commit: each sync reads the current state,
    # so after the last of several saves in one form the groups are right, and
    # the result is visible inside the same transaction (tests, import).
    if services.sync_is_suspended():
        return
    services.sync_unit_groups(services.with_ancestors(unit_ids))
