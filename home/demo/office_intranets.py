"""Demo content of the office intranets: every office gets its intranet (from
offices.services) with an internal page and a document only its members see."""

from wagtail.models import Page, PageViewRestriction

from home import models as home
from offices.models import OfficeIntranetPage, OrgUnit
from offices.services import ensure_all_office_intranets

from .builders import ensure_document, ensure_page
from .files import pdf_bytes

# Office-specific internal content; other offices get a generic page.
SPECIAL = {
    "amt-51": (
        "Kinderschutz: Ablauf bei Gefährdungsmeldungen",
        "Interner Ablauf des Jugendamts bei Meldungen nach § 8a SGB VIII: Eingang, "
        "Ersteinschätzung im Vier-Augen-Prinzip, Hausbesuch, Dokumentation.",
        "Rufbereitschaft Jugendamt – Dienstplan",
    ),
    "amt-32": (
        "Einsatzplanung Kommunaler Ordnungsdienst",
        "Schichtmodell, Einsatzgebiete und Übergaben des Kommunalen Ordnungsdienstes; "
        "Kontakte der Leitstelle und Eskalationswege bei Großveranstaltungen.",
        "Schichtplan Ordnungsdienst",
    ),
}


def _snapshot():
    return (
        OfficeIntranetPage.objects.count(),
        PageViewRestriction.objects.count(),
        Page.objects.count(),
    )


def seed_office_intranets(rec, admin):
    """Intranets for all offices, each with an internal page and a document in
    the office's restricted collection. Returns the intranet pages by unit code."""
    before = _snapshot()
    ensure_all_office_intranets()
    if _snapshot() != before:
        rec.changes.append("~ Amts-Intranets (Seiten, Einschränkungen, Sammlungen)")
    pages = {}
    offices = OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).select_related("collection")
    for unit in offices.order_by("code"):
        intranet = OfficeIntranetPage.objects.filter(unit=unit).first()
        if intranet is None or unit.collection is None:
            continue
        title, text, document_title = SPECIAL.get(
            unit.code,
            (
                f"Interne Informationen – {unit.name}",
                f"Abläufe, Ansprechpersonen und Vertretungsregeln im {unit.name}. "
                "Nur für die Beschäftigten des Amtes.",
                f"Interne Telefonliste {unit.name}",
            ),
        )
        document = ensure_document(
            rec,
            unit.collection,
            document_title,
            f"{unit.code}-intern.pdf",
            pdf_bytes(document_title, [text]),
        )
        ensure_page(
            rec,
            intranet,
            home.ContentPage,
            "intern",
            {
                "title": title,
                "summary": text,
                "body": [
                    ("paragraph", f"<p>{text}</p>"),
                    ("documents", {"title": "Unterlagen", "documents": [document]}),
                ],
            },
            user=admin,
        )
        pages[unit.code] = intranet
    return pages
