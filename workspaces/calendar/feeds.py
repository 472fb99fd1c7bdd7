"""iCal feeds for calendar programs, mounted at /ical/ outside the login
(calendar programs cannot sign in); a secret per-user token in the URL
identifies the reader.

A feed shows exactly what its token's owner may read at the moment it is
fetched, asked of the permission core. A wrong or revoked token, a
deactivated person, and a workspace the person cannot read all answer the
same plain 404, so a feed URL never reveals whether something exists."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import ical, services


def _response(request, name, events, filename):
    body = ical.calendar(
        name, events, lambda event: request.build_absolute_uri(services.event_url(event))
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The URL is a secret: keep it and the answer out of shared caches and referrers.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _user(token):
    user = services.user_for_token(token)
    if user is None:
        raise Http404
    return user


@login_not_required
@never_cache
@require_GET
def personal_feed(request, token):
    """The person's own calendar: events of their workspaces and the ones
    they accepted elsewhere, without those they declined."""
    user = _user(token)
    events = services.feed_events(user)
    return _response(request, _("Meine Arbeitsraum-Termine"), events, "persoenlich.ics")


@login_not_required
@never_cache
@require_GET
def workspace_feed(request, token, workspace_id):
    """Every event of one workspace the person may read."""
    user = _user(token)
    workspace = services.workspace_for(user, workspace_id)
    events = services.feed_events(user, workspace)
    return _response(request, workspace.page.title, events, f"arbeitsraum-{workspace.pk}.ics")


urlpatterns = [
    path("<str:token>/persoenlich.ics", personal_feed, name="calendar-feed-personal"),
    path(
        "<str:token>/arbeitsraum/<int:workspace_id>.ics",
        workspace_feed,
        name="calendar-feed-workspace",
    ),
]
