"""API of the notification centre, mounted at /api/v2/notifications/.

Lists, counts and marks only notifications the signed-in person may see
(``services.visible_notifications``); any other id answers 404."""

from django.db.models import F
from django.urls import path
from django.utils.translation import gettext as _

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api.validation import MAX_OFFSET

from . import services
from .models import Delivery, Kind

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
TRUE = {"1", "true", "yes", "ja"}
FALSE = {"0", "false", "no", "nein"}


def _error(message, code=status.HTTP_400_BAD_REQUEST):
    return Response({"message": message}, status=code)


def _int_param(request, name, default, maximum=None):
    """A non-negative integer query parameter; ``None`` when it is invalid."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    if value < 0 or (maximum is not None and value > maximum):
        return None
    return value


def serialize(notification):
    """One notification as the API shows it."""
    actor = notification.actor
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "kind_label": str(Kind(notification.kind).label),
        "title": notification.title,
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
        "read": notification.read_at is not None,
        "read_at": notification.read_at.isoformat() if notification.read_at else None,
        "actor": (actor.get_full_name() or actor.get_username()) if actor else None,
    }


class NotificationListView(APIView):
    """``GET``: the person's notifications, newest first; ``unread=true`` for
    unread ones only; ``limit`` and ``offset`` page through them."""

    def get(self, request):
        limit = _int_param(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        offset = _int_param(request, "offset", 0, MAX_OFFSET)
        if limit is None or offset is None:
            return _error(
                _("„limit“ muss eine Zahl von 0 bis %(max)d sein, „offset“ eine Zahl ab 0.")
                % {"max": MAX_LIMIT}
            )
        unread_param = request.query_params.get("unread", "").lower()
        if unread_param and unread_param not in TRUE | FALSE:
            return _error(_("„unread“ muss „true“ oder „false“ sein."))
        unknown = set(request.query_params) - {"limit", "offset", "unread"}
        if unknown:
            return _error(
                _("Unbekannter Parameter: %(names)s") % {"names": ", ".join(sorted(unknown))}
            )
        visible = services.visible_notifications(request.user)
        unread_count = visible.filter(read_at__isnull=True).count()
        queryset = visible
        if unread_param in TRUE:
            queryset = queryset.filter(read_at__isnull=True)
        elif unread_param in FALSE:
            queryset = queryset.filter(read_at__isnull=False)
        total = unread_count if unread_param in TRUE else queryset.count()
        items = queryset.select_related("actor").order_by(F("created_at").desc(), "-pk")[
            offset : offset + limit
        ]
        return Response(
            {
                "meta": {"total_count": total, "unread_count": unread_count},
                "items": [serialize(n) for n in items],
            }
        )


class NotificationReadView(APIView):
    """``POST``: mark one notification read."""

    def post(self, request, pk):
        notification = services.mark_read(request.user, pk)
        if notification is None:
            return _error(_("Nicht gefunden."), status.HTTP_404_NOT_FOUND)
        return Response(
            {"item": serialize(notification), "unread_count": services.unread_count(request.user)}
        )


class NotificationReadAllView(APIView):
    """``POST``: mark every notification read."""

    def post(self, request):
        marked = services.mark_all_read(request.user)
        return Response({"marked": marked, "unread_count": services.unread_count(request.user)})


def _preferences_payload(choices):
    return {
        "preferences": [
            {
                "kind": kind.value,
                "label": str(kind.label),
                "delivery": choices[kind.value],
            }
            for kind in Kind
        ],
        "choices": [{"value": d.value, "label": str(d.label)} for d in Delivery],
    }


class PreferencesView(APIView):
    """``GET``: how each kind reaches the person; ``PUT`` ``{kind: delivery}``
    (all kinds or some) to change it. Nothing is stored when one value is wrong."""

    def get(self, request):
        return Response(_preferences_payload(services.preferences_for(request.user)))

    def put(self, request):
        data = request.data
        if isinstance(data, dict) and isinstance(data.get("preferences"), list):
            try:
                data = {row["kind"]: row["delivery"] for row in data["preferences"]}
            except (KeyError, TypeError):
                return _error(_("Jeder Eintrag braucht „kind“ und „delivery“."))
        if not isinstance(data, dict) or not data:
            return _error(_('Bitte senden Sie ein Objekt wie {"mention": "immediate"}.'))
        errors = {}
        for kind, delivery in data.items():
            if kind not in Kind.values:
                errors[str(kind)] = _("Unbekannte Art. Möglich: %(kinds)s") % {
                    "kinds": ", ".join(Kind.values)
                }
            elif delivery not in Delivery.values:
                errors[str(kind)] = _("Unbekannte Zustellung. Möglich: %(values)s") % {
                    "values": ", ".join(Delivery.values)
                }
        if errors:
            return Response(
                {"message": _("Die Einstellungen wurden nicht gespeichert."), "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(_preferences_payload(services.set_preferences(request.user, data)))


urlpatterns = [
    path("", NotificationListView.as_view(), name="api-notifications"),
    path("<int:pk>/read/", NotificationReadView.as_view(), name="api-notification-read"),
    path("read-all/", NotificationReadAllView.as_view(), name="api-notifications-read-all"),
    path("preferences/", PreferencesView.as_view(), name="api-notification-preferences"),
]
