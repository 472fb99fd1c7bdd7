"""Demo workspaces for ``seed_demo``: one of each kind, each with a content
page and a document, the owner account ``projekt`` and the account ``gast``
(member of no workspace). Idempotent: a second run changes nothing."""

from django.conf import settings

from demo.builders import ensure_document, ensure_page, ensure_user
from demo.files import pdf_bytes
from home import models as home
from workspaces import services
from workspaces.models import Workspace, WorkspaceMembership, WorkspacePage

Role = WorkspaceMembership.Role

# title, kind, template, owner username, members {username: role}, page, document
WORKSPACES = (
    (
        "Betriebliches Gesundheitsmanagement",
        Workspace.Kind.PUBLIC,
        Workspace.Template.WORKING_GROUP,
        "admin",
        {"mitarbeiter": Role.MEMBER},
        ("angebote", "Angebote 2026", "Rückenschule, Stressbewältigung und Impfaktion."),
        ("Kursprogramm Gesundheit 2026", "bgm-kursprogramm.pdf"),
    ),
    (
        "Projekt Digitale Akte",
        Workspace.Kind.PRIVATE,
        Workspace.Template.PROJECT,
        "projekt",
        {"jugendamt": Role.MEMBER, "mitarbeiter": Role.READER},
        ("zeitplan", "Zeitplan und Meilensteine", "Pilot im Jugendamt ab dem zweiten Quartal."),
        ("Projektauftrag Digitale Akte", "digitale-akte-projektauftrag.pdf"),
    ),
    (
        "Haushaltskonsolidierung 2027",
        Workspace.Kind.SECRET,
        Workspace.Template.COMMITTEE,
        "admin",
        {},
        ("sparliste", "Sparliste (Entwurf)", "Vertraulicher Entwurf der Konsolidierungsliste."),
        ("Eckwerte Haushalt 2027", "haushalt-2027-eckwerte.pdf"),
    ),
)


def seed_workspaces(rec, admin):
    """Create (or check) the demo workspaces; returns them by title."""
    projekt = ensure_user(
        rec,
        "projekt",
        {"first_name": "Petra", "last_name": "Projekt", "email": "projekt@stadt.example"},
        settings.DEMO_PASSWORD,
    )
    ensure_user(
        rec,
        "gast",
        {"first_name": "Gustav", "last_name": "Gast", "email": "gast@stadt.example"},
        settings.DEMO_PASSWORD,
    )
    users = {"admin": admin, "projekt": projekt}
    result = {}
    for title, kind, template, owner_name, members, page, document in WORKSPACES:
        owner = users[owner_name]
        workspace = Workspace.objects.filter(page__title=title).select_related("page").first()
        if workspace is None:
            workspace = services.create_workspace(title, kind, template, owner)
            rec.create("Arbeitsraum", title)
        for username, role in members.items():
            user = type(admin).objects.filter(username=username).first()
            if user is None:
                continue
            current = workspace.role_of(user)
            if current != role:
                services.set_member(workspace, user, role)
                rec.create("Arbeitsraum-Mitgliedschaft", f"{username} in {title}")
        doc_title, filename = document
        doc = ensure_document(
            rec,
            services.ensure_collection(workspace),
            doc_title,
            filename,
            pdf_bytes(doc_title, [f"Unterlage des Arbeitsraums „{title}“."]),
        )
        slug, page_title, text = page
        ensure_page(
            rec,
            WorkspacePage.objects.get(pk=workspace.page_id),
            home.ContentPage,
            slug,
            {
                "title": page_title,
                "summary": text,
                "body": [
                    ("paragraph", f"<p>{text}</p>"),
                    ("documents", {"title": "Unterlagen", "documents": [doc]}),
                ],
            },
            user=owner,
        )
        result[title] = workspace
    return result
