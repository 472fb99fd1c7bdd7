"""Demo step: the accessibility statement (Erklärung zur Barrierefreiheit)
below the start page, with the content BITV 2.0 asks for."""

import datetime

from home import models as home

from .builders import ensure_page

SLUG = "barrierefreiheit"

SCOPE = (
    "<p>Die Stadtverwaltung ist bemüht, ihr Intranet im Einklang mit dem "
    "Behindertengleichstellungsgesetz (BGG) und der Barrierefreie-"
    "Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. "
    "Diese Erklärung zur Barrierefreiheit gilt für das Intranet der Stadtverwaltung "
    "mit allen Seiten, Formularen, Dienstanweisungen, Amts-Intranets und Arbeitsräumen.</p>"
)

LIMITATIONS = [
    {
        "title": "Ältere PDF-Dokumente",
        "description": (
            "Einige Formulare und Anlagen zu Dienstanweisungen, die vor 2024 "
            "eingestellt wurden, sind nicht barrierefrei aufbereitet (fehlende "
            "Struktur, keine Alternativtexte)."
        ),
        "reason": "disproportionate_burden",
        "alternative": (
            "Auf Anfrage schickt Ihnen die herausgebende Stelle das Dokument in "
            "einem barrierefreien Format (Word oder barrierefreies PDF)."
        ),
    },
    {
        "title": "Eingebettete Videos von Videoplattformen",
        "description": (
            "Bei Videos externer Plattformen können wir Untertitel und "
            "Audiodeskription nicht in jedem Fall sicherstellen."
        ),
        "reason": "out_of_scope",
        "alternative": "Zu jedem Video im Intranet gibt es ein Transkript.",
    },
]


def seed_accessibility_statement(rec, start, admin):
    """The statement page below the start page (linked from every page's footer)."""
    page, _ = ensure_page(
        rec,
        start,
        home.AccessibilityStatementPage,
        SLUG,
        {
            "title": "Erklärung zur Barrierefreiheit",
            "summary": "Wie barrierefrei das Intranet ist und wie Sie uns Barrieren melden.",
            "scope": SCOPE,
            "compliance": home.AccessibilityStatementPage.Compliance.PARTIAL,
            "limitations": [("limitation", item) for item in LIMITATIONS],
            "prepared_on": datetime.date(2026, 10, 1),
            "reviewed_on": datetime.date(2026, 11, 2),
            "method": "Selbstbewertung mit automatisierten Prüfungen (axe-core) und Tests "
            "mit Screenreader und Tastatur",
            "contact_name": "Zentrale Redaktion, Presse- und Öffentlichkeitsarbeit (Amt 13)",
            "contact_email": "barrierefreiheit@stadt.example",
            "contact_phone": "0123 456-1310",
        },
        user=admin,
    )
    return page
