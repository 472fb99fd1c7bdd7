"""Demo content of the documents tool for ``seed_demo``: in the demo
workspaces of demo/workspaces/spaces.py, documents with several versions, a
check-out and comments. The documents seeded there are left alone (their
file is kept in step by that seeding); these are the tool's own.
Idempotent: a document that exists is not touched again."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from cms.models import IntranetDocument
from demo.builders import Recorder
from demo.files import pdf_bytes
from workspaces.documents import services
from workspaces.models import Workspace

# workspace title → documents: (title, filename, [(username, lines, note)] for
# versions 1, 2, …, username holding the check-out or None, [(username, comment)])
DOCUMENTS = {
    "Projekt Digitale Akte": [
        (
            "Feinkonzept E-Akte",
            "feinkonzept-e-akte.pdf",
            [
                (
                    "projekt",
                    ["Ziele, Aktenplan und Rollen im Pilotverfahren Kita-Bedarfsplanung."],
                    "Erster Entwurf für die Projektgruppe",
                ),
                (
                    "jugendamt",
                    [
                        "Ziele, Aktenplan und Rollen im Pilotverfahren Kita-Bedarfsplanung.",
                        "Neu: Ablauf des ersetzenden Scannens im Jugendamt.",
                    ],
                    "Kapitel Scannen ergänzt",
                ),
                (
                    "projekt",
                    [
                        "Ziele, Aktenplan und Rollen im Pilotverfahren Kita-Bedarfsplanung.",
                        "Ablauf des ersetzenden Scannens im Jugendamt.",
                        "Neu: Zeitplan bis zum Pilotstart im zweiten Quartal.",
                    ],
                    "Zeitplan eingearbeitet",
                ),
            ],
            "projekt",
            [
                ("jugendamt", "Bitte beim Scannen noch die Aufbewahrungsfristen ergänzen."),
                ("projekt", "Mache ich in Version 4 – ich habe das Dokument ausgecheckt."),
            ],
        ),
        (
            "Schulungsplan Pilotamt",
            "schulungsplan-pilotamt.pdf",
            [
                (
                    "jugendamt",
                    ["Drei Schulungstermine für die Beschäftigten des Jugendamts."],
                    "",
                )
            ],
            None,
            [],
        ),
    ],
    "Betriebliches Gesundheitsmanagement": [
        (
            "Anmeldeliste Rückenschule",
            "anmeldeliste-rueckenschule.pdf",
            [
                ("admin", ["Rückenschule dienstags 8 Uhr, zehn Plätze."], "Erste Fassung"),
                (
                    "mitarbeiter",
                    ["Rückenschule dienstags 8 Uhr und donnerstags 15 Uhr, je zehn Plätze."],
                    "Nachmittagstermin ergänzt",
                ),
            ],
            None,
            [("mitarbeiter", "Der Nachmittagstermin passt für die Außendienste besser.")],
        ),
    ],
}


def _seed_document(rec, workspace, users, entry):
    title, filename, versions, holder, comments = entry
    if IntranetDocument.objects.filter(collection=workspace.collection, title=title).exists():
        return
    if not _people(entry) <= set(users):
        return
    document = None
    for number, (username, lines, note) in enumerate(versions, start=1):
        content = ContentFile(pdf_bytes(title, lines), name=filename)
        if document is None:
            document = services.add_document(workspace, users[username], content, title, note)
        else:
            services.add_version(workspace, users[username], document, content, note=note)
        rec.files.append(document.file.name)
        rec.create("Dokumentversion", f"{title} ({number})")
    if holder:
        services.check_out(workspace, users[holder], document)
        rec.create("Auscheckvorgang", f"{title} ({holder})")
    for username, text in comments:
        services.add_comment(workspace, users[username], document, text)
        rec.create("Dokumentkommentar", title)


def seed(stdout=None, rec=None):
    """Add the demo documents to the demo workspaces that exist; returns the
    recorder (``rec.changed`` says whether anything was written)."""
    rec = rec or Recorder(stdout)
    names = {name for entries in DOCUMENTS.values() for e in entries for name in _people(e)}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    for title, entries in DOCUMENTS.items():
        workspace = (
            Workspace.objects.filter(page__title=title).select_related("page", "collection").first()
        )
        if workspace is None or not workspace.is_active or workspace.collection is None:
            continue
        for entry in entries:
            _seed_document(rec, workspace, users, entry)
    if stdout is not None and not rec.changed:
        stdout.write("Arbeitsraum-Dokumente: nichts zu tun.")
    return rec


def _people(entry):
    _title, _filename, versions, holder, comments = entry
    return {v[0] for v in versions} | {c[0] for c in comments} | ({holder} - {None})
