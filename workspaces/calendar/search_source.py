"""Events in the search (kind "event", silo "workspace"), trimmed like the
workspace page that governs them."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.permissions import page_restriction_keys
from search.sources import SearchSource

from .models import Event


def _indexable():
    # Events of unpublished workspace pages stay out, like the pages themselves.
    return Event.objects.filter(workspace__page__live=True)


class EventSource(SearchSource):
    """Workspace events as search documents."""

    kind = "event"
    model = Event
    page_field = "workspace__page"

    def ids(self):
        return _indexable().values_list("pk", flat=True)

    def build(self, pks):
        from .services import event_url

        events = list(_indexable().filter(pk__in=pks).select_related("workspace__page"))
        keys = page_restriction_keys({event.workspace.page_id for event in events})
        result = {}
        for event in events:
            start = timezone.localtime(event.start)
            when = start.strftime("%d.%m.%Y") if event.all_day else start.strftime("%d.%m.%Y %H:%M")
            summary = " · ".join(
                part for part in (when, event.place, event.workspace.page.title) if part
            )
            result[event.pk] = {
                "kind": "event",
                "content_type": "workspace_calendar.Event",
                "content_type_label": _("Termin"),
                "silo": "workspace",
                "tags": [],
                "title": event.title,
                "summary": summary,
                "body": event.description,
                "url": event_url(event),
                "date": event.start.isoformat(),
                "locale": "de",
                "outdated": False,
                "restriction_keys": sorted(keys[event.workspace.page_id]),
            }
        return result

    def keys_below_page(self, path):
        return Event.objects.filter(workspace__page__path__startswith=path).values_list(
            "pk", flat=True
        )

    def database_matches(self, user, text, limit):
        from .services import visible_workspaces

        return list(
            Event.objects.filter(workspace__in=visible_workspaces(user))
            .filter(
                Q(title__icontains=text) | Q(description__icontains=text) | Q(place__icontains=text)
            )
            .order_by("-start")
            .values_list("pk", flat=True)[:limit]
        )
