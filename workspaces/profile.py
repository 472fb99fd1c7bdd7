"""What the workspaces contribute to the signed-in person's own places: the
quick access „Meine Arbeitsräume“ in the navigation and the workspaces section
of the profile page, both registered in apps.py (cms/navigation.py). Every
function costs a fixed number of queries and shows only what the permission
core lets the person read."""

from django.urls import NoReverseMatch

from cms.permissions import visible_by_page, visible_pages

from .models import WorkspaceMembership, WorkspacePage
from .tools import tool_url


def workspace_pages_of(user):
    """The live workspace pages ``user`` is a member of and may read, by title."""
    return list(
        visible_pages(user, WorkspacePage.objects.live().filter(workspace__memberships__user=user))
        .only("id", "title", "url_path", "path", "depth")
        .order_by("title")
    )


def workspace_memberships_of(user):
    """``user``'s workspace memberships whose workspace page they may read
    (live, not expired, as the permission core decides), with the page and
    the role, by title."""
    memberships = WorkspaceMembership.objects.filter(user=user)
    return list(
        visible_by_page(user, memberships, "workspace__page")
        .select_related("workspace", "workspace__page")
        .order_by("workspace__page__title")
    )


def calendar_subscription_url(workspace_page):
    """The page of a workspace's calendar that shows the feed addresses (built
    by the calendar tool); None while that tool has no such page."""
    try:
        return tool_url(workspace_page, "kalender", "subscribe")
    except NoReverseMatch:
        return None


def profile_section(user):
    """The context of the profile's workspaces section: ``user``'s workspaces
    with role, status and the link to the calendar feeds."""
    return {
        "workspaces": [
            {
                "page": membership.workspace.page,
                "workspace": membership.workspace,
                "role": membership.get_role_display(),
                "calendar_url": calendar_subscription_url(membership.workspace.page),
            }
            for membership in workspace_memberships_of(user)
        ]
    }
