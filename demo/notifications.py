"""Demo notifications for ``seed_demo``: ``gast`` asks to join the private
workspace „Projekt Digitale Akte“ (so ``projekt`` finds a join request in
the notification centre) and ``mitarbeiter`` is told about a new document in
the public workspace. Idempotent: a second run changes nothing."""

from django.contrib.auth import get_user_model
from django.db import transaction

from cms.notifications.models import Kind, Notification
from cms.notifications.services import notify
from workspaces import services as workspace_services
from workspaces.models import Workspace

PRIVATE = "Projekt Digitale Akte"
PUBLIC = "Betriebliches Gesundheitsmanagement"
DOCUMENT_TITLE = "Neues Dokument in „Betriebliches Gesundheitsmanagement“: Kursprogramm 2026"


def seed(stdout=None):
    """Add the demo notifications (where missing); returns how many events were made."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["gast", "mitarbeiter", "admin"])
    }
    made = 0
    with transaction.atomic():
        private = Workspace.objects.filter(page__title=PRIVATE).select_related("page").first()
        gast = users.get("gast")
        asks = (
            private is not None
            and gast is not None
            and not private.join_requests.filter(user=gast).exists()
            and not private.memberships.filter(user=gast).exists()
        )
        if asks:
            workspace_services.request_to_join(
                private, gast, "Ich würde gern den Pilot im Jugendamt begleiten."
            )
            made += 1
            if stdout:
                stdout.write(f"  + Beitrittsanfrage: gast → {PRIVATE}")
        public = Workspace.objects.filter(page__title=PUBLIC).select_related("page").first()
        employee = users.get("mitarbeiter")
        if (
            public
            and employee
            and not Notification.objects.filter(recipient=employee, title=DOCUMENT_TITLE).exists()
        ):
            notify(
                [employee],
                Kind.DOCUMENT,
                DOCUMENT_TITLE,
                url=public.page.url or "",
                page=public.page,
                collection=public.collection,
                actor=users.get("admin"),
            )
            made += 1
            if stdout:
                stdout.write("  + Benachrichtigung: mitarbeiter (neues Dokument)")
    return made
