"""What the intranet knows about the signed-in person: their units, office
intranets and workspaces. Used by the profile page and by the quick access
in the navigation; every function costs a fixed number of queries."""

from cms.permissions import visible_by_page, visible_pages

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


def workspace_memberships_of(user):
    """``user``'s workspace memberships whose workspace page they may read
    (live, not expired, as the permission core decides), with the page and
    the role, by title."""
    from workspaces.models import WorkspaceMembership

    memberships = WorkspaceMembership.objects.filter(user=user)
    return list(
        visible_by_page(user, memberships, "workspace__page")
        .select_related("workspace", "workspace__page")
        .order_by("workspace__page__title")
    )
