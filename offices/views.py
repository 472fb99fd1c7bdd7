"""Reader views of the offices app: the person's profile."""

from django.template.response import TemplateResponse
from django.urls import NoReverseMatch
from django.views.decorators.http import require_GET

from . import profile


def _calendar_subscription_url(workspace_page):
    """The page of a workspace's calendar that shows the feed addresses (built
    by the calendar tool); None while that tool has no such page."""
    from workspaces.tools import tool_url

    try:
        return tool_url(workspace_page, "kalender", "subscribe")
    except NoReverseMatch:
        return None


@require_GET
def profile_view(request):
    """/profil/: the signed-in person's name and e-mail, their units and office
    intranets, their workspaces with roles, and links to the notification
    settings and the calendar feeds. Only ever shows the requester's own data."""
    user = request.user
    workspaces = [
        {
            "page": membership.workspace.page,
            "workspace": membership.workspace,
            "role": membership.get_role_display(),
            "calendar_url": _calendar_subscription_url(membership.workspace.page),
        }
        for membership in profile.workspace_memberships_of(user)
    ]
    context = {
        "person": user,
        "unit_memberships": profile.unit_memberships_of(user),
        "office_intranets": profile.office_intranets_of(user),
        "workspaces": workspaces,
        "notification_settings_url": "/benachrichtigungen/einstellungen/",
    }
    return TemplateResponse(request, "offices/profile.html", context)
