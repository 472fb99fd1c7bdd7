"""The steps of ``seed_scale`` in order, driven by one ``random.Random(seed)``
so that the same seed and sizes give the same data set."""

import dataclasses
import datetime
import random
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import override_settings

from wagtail.models import Collection, Locale

from cms.permissions.indexing import rebuild_all
from home import models as home
from offices.models import OrgUnit
from offices.services import ensure_office_index, site_home_page
from workspaces.services import ensure_workspace_index

from . import checks, content, org, spaces
from .text import Text
from .tree import PageWriter, fix_numchild

SILOS_BEFORE_SPACES = ("start_news", "office", "area")


@dataclasses.dataclass
class Sizes:
    """How big the data set is; the defaults are the city of the issue."""

    people: int = 8000
    units: int = 300
    workspaces: int = 400
    pages: int = 50000
    documents: int = 20000

    def scaled(self, factor):
        """All sizes times ``factor`` (at least a minimal working set)."""
        minimum = {"people": 20, "units": 8, "workspaces": 3, "pages": 100, "documents": 10}
        return Sizes(
            **{name: max(minimum[name], round(getattr(self, name) * factor)) for name in minimum}
        )

    def structure(self):
        """Pages that are structure, not content: office intranets, workspace
        pages with their two starter pages."""
        offices = org.unit_levels(self.units)[1]
        return offices + 3 * self.workspaces

    def validate(self):
        """Messages for sizes that cannot be built (empty when fine)."""
        errors = []
        for name, minimum in (("people", 20), ("units", 8), ("workspaces", 1), ("documents", 0)):
            if getattr(self, name) < minimum:
                errors.append(f"--{name} muss mindestens {minimum} sein.")
        if self.people > 99999:
            errors.append("--people darf höchstens 99999 sein.")
        offices = org.unit_levels(self.units)[1]
        if self.people < 3 * offices:
            errors.append("Zu wenige Personen: jedes Amt braucht Leitung, Vertretung, Redaktion.")
        if self.pages < self.structure() + 4 * offices:
            errors.append(
                f"--pages muss mindestens {self.structure() + 4 * offices} sein "
                "(Amts-Intranets, Arbeitsräume mit Startseiten und Inhalte)."
            )
        return errors

    def plan(self):
        """What will be written, for the dry run and the summary."""
        departments, offices, divisions, teams = org.unit_levels(self.units)
        budget = self.pages - self.structure()
        return {
            "Personen": self.people,
            "Organisationseinheiten": (
                f"{self.units} ({departments} Dezernate, {offices} Ämter, "
                f"{divisions} Abteilungen, {teams} Sachgebiete)"
            ),
            "Arbeitsräume": self.workspaces,
            "Seiten": (
                f"{self.pages} (Struktur {self.structure()}, Startseiten-Nachrichten "
                f"{int(budget * content.SHARES['start_news'])}, Ämter "
                f"{int(budget * content.SHARES['office'])}, Bereiche "
                f"{int(budget * content.SHARES['area'])}, Arbeitsräume "
                f"{budget - sum(int(budget * content.SHARES[s]) for s in SILOS_BEFORE_SPACES)})"
            ),
            "Dokumente": self.documents,
        }


def _first_or_add(queryset, parent, page):
    """The first page of ``queryset``, or ``page`` added below ``parent``."""
    found = queryset.first()
    if found is None:
        found = parent.add_child(instance=page)
    return found


def ensure_sections(home_page):
    """The sections the silos fill (seed_demo makes them; a bare start page
    gets them here): news index, information areas with the registers of
    forms and service instructions, and help."""
    news = _first_or_add(
        home.NewsIndexPage.objects.child_of(home_page),
        home_page,
        home.NewsIndexPage(title="Nachrichten", slug="nachrichten"),
    )
    registers = {}
    for key, area, index_model, slug in (
        ("forms", "forms", home.FormIndexPage, "formulare"),
        (
            "instructions",
            "service-instructions",
            home.ServiceInstructionIndexPage,
            "dienstanweisungen",
        ),
    ):
        area_page = _first_or_add(
            home.InformationAreaPage.objects.child_of(home_page).filter(area=area),
            home_page,
            home.InformationAreaPage(title=slug.capitalize(), slug=slug, area=area),
        )
        registers[key] = _first_or_add(
            index_model.objects.descendant_of(home_page),
            area_page,
            index_model(title="Verzeichnis", slug="verzeichnis"),
        )
    help_index = _first_or_add(
        home.HelpIndexPage.objects.child_of(home_page),
        home_page,
        home.HelpIndexPage(title="Hilfe", slug="hilfe"),
    )
    areas = list(home.InformationAreaPage.objects.child_of(home_page).order_by("path"))
    return {"news": news, "help": help_index, "areas": areas, **registers}


def already_seeded():
    """Whether this database holds a scale data set (its units exist)."""
    return OrgUnit.objects.filter(code__startswith=org.CODE_PREFIX).exists()


class Builder:
    """Runs the steps; ``step(label)`` and ``advance(n)`` report progress."""

    def __init__(self, sizes, seed, anchor, report):
        self.sizes, self.seed, self.anchor, self.report = sizes, seed, anchor, report
        self.rng = random.Random(seed)
        self.text = Text(self.rng)
        self.timings = {}
        self.offices = []
        self.workspaces = []

    def run(self):
        """Everything in one transaction; returns ``{step: seconds}``."""
        home_page = site_home_page()
        # Indexing tasks for the engine would be one per restriction and page;
        # the engine index is rebuilt in one go afterwards (rebuild_index).
        with override_settings(SEARCH_INDEXING_ENABLED=False), transaction.atomic():
            self._timed("Organisation", self.build_org, home_page)
            self._timed("Arbeitsräume", self.build_workspaces)
            self._timed("Seiten", self.build_pages, home_page)
            self._timed("Dokumente", self.build_documents)
            self._timed("Baum und Rechte-Index", self.finish_tree)
            self._timed("Prüfung", self.check)
        return self.timings

    def _timed(self, label, func, *args):
        self.report.step(label)
        started = time.monotonic()
        func(*args)
        self.timings[label] = time.monotonic() - started
        self.report.done(self.timings[label])

    def build_org(self, home_page):
        self.locale_id = Locale.get_default().pk
        self.writer = PageWriter(self.locale_id, self.anchor, self.rng)
        self.units = org.build_units(self.text, self.sizes.units)
        password = getattr(settings, "DEMO_PASSWORD", "demo") or "demo"
        self.people = org.build_people(self.text, self.sizes.people, password)
        self.office_of = org.build_memberships(self.rng, self.units, self.people)
        org.sync_groups(self.units)
        self.offices = self.units[OrgUnit.Kind.OFFICE]
        self.intranets = org.build_office_intranets(
            self.writer, ensure_office_index(home_page), self.offices
        )

    def build_workspaces(self):
        index = ensure_workspace_index()
        creator = self.people[0]
        self.workspaces = spaces.build_workspaces(
            self.writer, self.text, self.rng, index, self.sizes.workspaces, creator
        )
        self.memberships = spaces.build_workspace_memberships(
            self.rng, self.workspaces, self.people
        )

    def build_pages(self, home_page):
        budget = self.sizes.pages - self.sizes.structure()
        shares = {name: int(budget * share) for name, share in content.SHARES.items()}
        shares["workspace"] = budget - shares["start_news"] - shares["office"] - shares["area"]
        self.report.bar(budget)
        writer = content.Content(
            self.writer,
            self.text,
            self.rng,
            self.anchor,
            self.people,
            self.offices,
            progress=self.report.advance,
        )
        sections = ensure_sections(home_page)
        writer.start_news(sections["news"], shares["start_news"])
        writer.office_silo(self.intranets, shares["office"])
        self.form_nodes = writer.area_silo(
            sections["forms"],
            sections["instructions"],
            sections["help"],
            sections["areas"],
            shares["area"],
        )
        writer.workspace_silo(self.workspaces, shares["workspace"])

    def build_documents(self):
        self.report.bar(self.sizes.documents)
        area = list(
            Collection.objects.filter(name__in=("Formulare", "Dienstanweisungen")).order_by("path")
        )
        collections = {
            "office": [office.collection for office in self.offices],
            "workspace": [workspace.collection for workspace in self.workspaces],
            "area": area,
        }
        area_docs = content.build_documents(
            self.text,
            self.rng,
            self.anchor,
            self.sizes.documents,
            collections,
            self.people,
            progress=self.report.advance,
        )
        content.attach_form_files(self.rng, self.form_nodes, area_docs)

    def finish_tree(self):
        fix_numchild()
        # bulk_create sends no signals: fill the restriction index in one go.
        rebuild_all()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def check(self):
        problems = checks.all_problems(self.offices, self.workspaces)
        if problems:
            raise RuntimeError("Der Datensatz ist nicht stimmig: " + "; ".join(problems))


def default_anchor():
    """The fixed moment dates are counted back from (so a seed gives the same
    dates on every day it runs)."""
    return datetime.datetime(2026, 1, 1, 8, 0, tzinfo=datetime.UTC)


def summary():
    """Counts of the data set as it is now."""
    from wagtail.models import Page, PageViewRestriction

    from cms.models import IntranetDocument
    from workspaces.models import Workspace, WorkspaceMembership

    return {
        "Personen": get_user_model().objects.count(),
        "Organisationseinheiten": OrgUnit.objects.count(),
        "Seiten": Page.objects.count() - 1,
        "Arbeitsräume": Workspace.objects.count(),
        "Arbeitsraum-Mitgliedschaften": WorkspaceMembership.objects.count(),
        "Dokumente": IntranetDocument.objects.count(),
        "Seiten-Beschränkungen": PageViewRestriction.objects.count(),
    }
