"""What the org structure knows about the signed-in person: their units and
office intranets. Used by the profile page and by the quick access in the
navigation (registered in apps.py); every function costs a fixed number of
queries. Other apps add their parts (workspaces …) through cms/navigation.py."""

from cms.permissions import visible_pages

from .models import Membership, OfficeIntranetPage


def office_intranets_of(user):
    """The live office intranets of the offices ``user`` belongs to (directly or
    through a unit below the office), by title."""
    if not user.is_authenticated:
        return []
    return list(
        visible_pages(user, OfficeIntranetPage.objects.live().filter(unit__group__user=user))
        .only("id", "title", "url_path", "path", "depth", "unit_id")
        .distinct()
        .order_by("title")
    )


def unit_memberships_of(user):
    """``user``'s memberships of units with the unit, by unit name."""
    return list(Membership.objects.filter(user=user).select_related("unit").order_by("unit__name"))
