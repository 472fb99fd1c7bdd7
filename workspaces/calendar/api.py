"""API of this tool, mounted at /api/v2/workspaces/<workspace_id>/.

Same authentication as the rest of the API (bearer token or session). A
workspace the person cannot read answers 404 like an unknown one; readers
read, owners and members write (answers and votes included); bad input is
400 with a German ``message`` and nothing written."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _

from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api.validation import MAX_ID, int_param

from . import services
from .models import Event, Poll

MAX_LIMIT = 500


def _iso(value):
    return value.isoformat() if value else None


def event_data(event, request, detail=False):
    """The JSON of one event."""
    data = {
        "id": event.pk,
        "title": event.title,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "all_day": event.all_day,
        "place": event.place,
        "online_link": event.online_link,
        "description": event.description,
        "html_url": request.build_absolute_uri(services.event_url(event)),
        "created_by": event.created_by.get_username() if event.created_by else None,
    }
    if detail:
        summary = services.rsvp_summary(event)
        data["rsvp"] = {
            "counts": {answer: len(people) for answer, people in summary.items()},
            "people": {
                answer: [p.get_full_name() or p.get_username() for p in people]
                for answer, people in summary.items()
            },
            "my_answer": services.my_rsvp(event, request.user),
        }
        data["can_edit"] = services.can_manage(event.workspace, request.user, event.created_by_id)
    return data


def poll_data(poll, request, detail=False):
    """The JSON of one poll (with slots, counts and my answers in detail)."""
    data = {
        "id": poll.pk,
        "title": poll.title,
        "description": poll.description,
        "place": poll.place,
        "closed": poll.closed,
        "fixed_slot": poll.fixed_slot_id,
        "event": poll.event_id,
        "html_url": request.build_absolute_uri(services.poll_url(poll)),
        "created_by": poll.created_by.get_username() if poll.created_by else None,
    }
    if detail:
        data["slots"] = [
            {
                "id": row["slot"].pk,
                "start": _iso(row["slot"].start),
                "end": _iso(row["slot"].end),
                "counts": row["counts"],
                "my_answer": row["mine"],
            }
            for row in services.poll_results(poll, request.user)
        ]
        data["voters"] = services.voters(poll).count()
    return data


class EventInput(serializers.Serializer):
    """Parses the event fields; the rules are checked by services."""

    title = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)
    start = serializers.DateTimeField(required=False)
    end = serializers.DateTimeField(required=False)
    all_day = serializers.BooleanField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)
    online_link = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class SlotInput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class PollInput(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True)
    slots = SlotInput(many=True, required=False)


def _flatten(errors):
    """DRF's nested error structure as a flat list of strings."""
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _flatten(value)]
    if isinstance(errors, list):
        return [m for value in errors for m in _flatten(value)]
    return [str(errors)]


def _parse(serializer_class, request, partial=False):
    """The validated body, or ValidationError with a message per field."""
    if not isinstance(request.data, dict):
        raise ValidationError(_("Bitte senden Sie ein JSON-Objekt."))
    serializer = serializer_class(data=request.data, partial=partial)
    if not serializer.is_valid():
        errors = {}
        for field, field_errors in serializer.errors.items():
            if field == "slots":
                errors[field] = [
                    _("Jeder Vorschlag braucht Beginn und Ende als Zeitpunkt, z. B. %(example)s.")
                    % {"example": "2026-05-04T10:00:00+02:00"}
                ]
            else:
                errors[field] = _flatten(field_errors)
        raise ValidationError(errors)
    return serializer.validated_data


class CalendarAPIView(APIView):
    """Common ground: the workspace the person may read, and Django's
    ValidationError as a 400 with a message."""

    def workspace(self):
        return services.workspace_for(self.request.user, self.kwargs["workspace_id"])

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError):
            if hasattr(exc, "message_dict"):
                errors = exc.message_dict
                text = " ".join(m for ms in errors.values() for m in ms)
            else:
                errors = {}
                text = " ".join(exc.messages)
            body = {"message": text or _("Die Anfrage ist ungültig.")}
            if errors:
                body["errors"] = errors
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class EventListView(CalendarAPIView):
    """GET: events of the workspace (``from`` / ``to`` narrow by time);
    POST: add one (owners and members)."""

    def get(self, request, workspace_id):
        workspace = self.workspace()
        events = Event.objects.filter(workspace=workspace).select_related(
            "workspace__page", "created_by"
        )
        field = serializers.DateTimeField()
        for param, lookup in (("from", "end__gte"), ("to", "start__lte")):
            if request.query_params.get(param):
                try:
                    value = field.to_internal_value(request.query_params[param])
                except serializers.ValidationError:
                    raise ValidationError(
                        _("„%(param)s“ muss ein Zeitpunkt wie 2026-05-01T10:00:00+02:00 sein.")
                        % {"param": param}
                    ) from None
                events = events.filter(**{lookup: value})
        limit = min(int_param(request, "limit", 100, maximum=MAX_ID), MAX_LIMIT)
        offset = int_param(request, "offset", 0)
        return Response(
            {
                "meta": {"total_count": events.count()},
                "items": [
                    event_data(e, request)
                    for e in events.order_by("start")[offset : offset + limit]
                ],
            }
        )

    def post(self, request, workspace_id):
        workspace = self.workspace()
        data = _parse(EventInput, request)
        event = services.save_event(workspace, request.user, data)
        return Response(event_data(event, request, detail=True), status=status.HTTP_201_CREATED)


class EventDetailView(CalendarAPIView):
    """One event: read, change (PUT all fields, PATCH some), delete."""

    def event(self):
        return get_object_or_404(
            Event.objects.filter(workspace=self.workspace()).select_related("workspace__page"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, workspace_id, pk):
        return Response(event_data(self.event(), request, detail=True))

    def _change(self, request, partial):
        event = self.event()
        data = _parse(EventInput, request, partial=partial)
        if partial:
            merged = {name: getattr(event, name) for name in services.EVENT_FIELDS}
            merged.update(data)
            data = merged
        event = services.save_event(event.workspace, request.user, data, event)
        return Response(event_data(event, request, detail=True))

    def put(self, request, workspace_id, pk):
        return self._change(request, partial=False)

    def patch(self, request, workspace_id, pk):
        return self._change(request, partial=True)

    def delete(self, request, workspace_id, pk):
        services.delete_event(self.event(), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RsvpView(EventDetailView):
    """PUT ``{"answer": "yes" | "maybe" | "no"}``: answer an invitation."""

    http_method_names = ["put", "options"]

    def put(self, request, workspace_id, pk):
        event = self.event()
        answer = request.data.get("answer") if isinstance(request.data, dict) else None
        services.set_rsvp(event, request.user, answer)
        return Response(event_data(event, request, detail=True)["rsvp"])


class PollListView(CalendarAPIView):
    """GET: polls of the workspace; POST: a new poll with its slots."""

    def get(self, request, workspace_id):
        polls = Poll.objects.filter(workspace=self.workspace()).select_related(
            "workspace__page", "created_by"
        )
        items = [poll_data(p, request) for p in polls]
        return Response({"meta": {"total_count": len(items)}, "items": items})

    def post(self, request, workspace_id):
        workspace = self.workspace()
        data = _parse(PollInput, request)
        poll = services.create_poll(
            workspace,
            request.user,
            data.get("title"),
            [(s["start"], s["end"]) for s in data.get("slots") or []],
            description=data.get("description", ""),
            place=data.get("place", ""),
        )
        return Response(poll_data(poll, request, detail=True), status=status.HTTP_201_CREATED)


class PollDetailView(CalendarAPIView):
    """GET one poll with its slots, the counts per answer and my answers."""

    def poll(self):
        return get_object_or_404(
            Poll.objects.filter(workspace=self.workspace()).select_related("workspace__page"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, workspace_id, pk):
        return Response(poll_data(self.poll(), request, detail=True))


class VoteView(PollDetailView):
    """PUT ``{"<slot_id>": "yes" | "maybe" | "no", …}``: my whole vote,
    replacing the earlier one."""

    http_method_names = ["put", "options"]

    def put(self, request, workspace_id, pk):
        poll = self.poll()
        answers = request.data if isinstance(request.data, dict) else None
        services.vote(poll, request.user, answers)
        return Response(poll_data(poll, request, detail=True))


class FixView(PollDetailView):
    """POST ``{"slot": <slot_id>}``: the owner fixes a slot; it becomes an event."""

    http_method_names = ["post", "options"]

    def post(self, request, workspace_id, pk):
        poll = self.poll()
        slot = request.data.get("slot") if isinstance(request.data, dict) else None
        event = services.fix_slot(poll, slot, request.user)
        event = Event.objects.select_related("workspace__page").get(pk=event.pk)
        return Response(event_data(event, request, detail=True), status=status.HTTP_201_CREATED)


urlpatterns = [
    path("events/", EventListView.as_view(), name="api-calendar-events"),
    path("events/<int:pk>/", EventDetailView.as_view(), name="api-calendar-event"),
    path("events/<int:pk>/rsvp/", RsvpView.as_view(), name="api-calendar-rsvp"),
    path("polls/", PollListView.as_view(), name="api-calendar-polls"),
    path("polls/<int:pk>/", PollDetailView.as_view(), name="api-calendar-poll"),
    path("polls/<int:pk>/vote/", VoteView.as_view(), name="api-calendar-vote"),
    path("polls/<int:pk>/fix/", FixView.as_view(), name="api-calendar-fix"),
]
