"""Reader views of the offices app: the person's profile."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from cms import navigation

from . import profile


@require_GET
def profile_view(request):
    """/profil/: the signed-in person's name and e-mail, their units and office
    intranets, the sections other apps registered (their workspaces with roles
    and calendar feeds …, cms/navigation.py), and the link to the notification
    settings. Only ever shows the requester's own data."""
    user = request.user
    sections = [
        {"template": section.template, "section": section.context(user)}
        for section in navigation.profile_sections()
    ]
    context = {
        "person": user,
        "unit_memberships": profile.unit_memberships_of(user),
        "office_intranets": profile.office_intranets_of(user),
        "profile_sections": sections,
        "notification_settings_url": "/benachrichtigungen/einstellungen/",
    }
    return TemplateResponse(request, "offices/profile.html", context)
