"""The demo content of ``offices`` for ``seed_demo``: the org units, the demo
accounts and employees with their memberships, and the office intranets
(every office gets its intranet from offices.services, with an internal page
and a document only its members see)."""

from django.conf import settings

from wagtail.models import Page, PageViewRestriction

from home import models as home
from offices.models import OfficeIntranetPage, OrgUnit
from offices.services import ensure_all_office_intranets

from . import content
from .builders import (
    ensure_document,
    ensure_groups,
    ensure_membership,
    ensure_page,
    ensure_unit,
    ensure_user,
    slug,
)
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


def seed_units(rec):
    """Departments, offices, divisions and teams."""
    units = {}
    for code, name, short, kind, parent, mail, phone in content.UNITS:
        units[code] = ensure_unit(
            rec,
            code,
            {
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": units.get(parent),
                "email": f"{mail}@stadt.example",
                "phone": phone,
            },
        )
    return units


def seed_users(rec, units):
    """The demo accounts and the employees, with their memberships (groups come later,
    once the editorial setup has created them). Only the demo accounts get the
    demo password: checking a password costs a deliberately slow hash, and the
    employees are reference persons (owners, deputies), not logins."""
    demo_password = getattr(settings, "DEMO_PASSWORD", "demo")
    demo_names = {row[0] for row in content.DEMO_USERS}
    users = {}
    for username, first, last, superuser, _groups, memberships in (
        content.DEMO_USERS + content.EMPLOYEES
    ):
        password = demo_password if username in demo_names else None
        email = f"{slug(first)}.{slug(last)}@stadt.example"
        users[username] = ensure_user(
            rec,
            username,
            {
                "first_name": first,
                "last_name": last,
                "email": email,
                "is_superuser": superuser,
                "is_staff": superuser,
                "is_active": True,
            },
            password,
        )
        for code, function in memberships:
            ensure_membership(rec, users[username], units[code], function)
    return users


def seed_user_groups(rec, users):
    """Group memberships of the demo accounts (after ensure_editorial_setup)."""
    for username, *_rest, groups, _memberships in content.DEMO_USERS:
        ensure_groups(rec, users[username], groups)


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
