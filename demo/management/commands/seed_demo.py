"""``manage.py seed_demo``: build a believable German city intranet for demos,
development and manual testing. Idempotent: a second run changes nothing."""

import time
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowState

from cms.models import IntranetDocument, IntranetImage
from cms.rights.applier import apply_roles
from demo import accessibility, notifications, offices
from demo import home as home_demo
from demo.builders import Recorder
from demo.workspaces import calendar, discussions, documents, glossary, spaces
from home import models as home
from offices.models import Membership, OrgUnit

PAGE_TYPES = [
    home.HomePage,
    home.NewsIndexPage,
    home.NewsPage,
    home.InformationAreaPage,
    home.ContentPage,
    home.FormIndexPage,
    home.FormPage,
    home.ServiceInstructionIndexPage,
    home.ServiceInstructionPage,
    home.HelpIndexPage,
    home.TutorialPage,
]


def editorial_snapshot():
    """Counts of what ensure_editorial_setup() manages, to tell whether it changed
    anything without depending on the shape of its return value."""
    return (
        Group.objects.count(),
        Group.permissions.through.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )


class Command(BaseCommand):
    """Create or update the demo content of the intranet."""

    help = (
        "Legt die Demo-Inhalte des Intranets an: Startseite, Ämter, Demo-Konten "
        "(Passwort aus DEMO_PASSWORD), Nachrichten in allen Freigabezuständen, "
        "Informationsbereiche, Formulare, Dienstanweisungen und Hilfe. Ein zweiter "
        "Lauf ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alles in einer Transaktion ausführen und zurückrollen; nur die Übersicht zeigen.",
        )
        parser.add_argument(
            "--is-seeded",
            action="store_true",
            help="Nur „yes“ oder „no“ ausgeben: Ist die Startseite die Wurzel der "
            "Standard-Website?",
        )

    def handle(self, *args, **options):
        if options["is_seeded"]:
            if options["dry_run"]:
                raise CommandError("--is-seeded und --dry-run schließen sich aus.")
            self.stdout.write("yes" if home_demo.find_start_page() is not None else "no")
            return
        if not getattr(settings, "DEMO_PASSWORD", "demo"):
            raise CommandError("DEMO_PASSWORD ist leer; die Demo-Konten brauchen ein Passwort.")
        try:
            from home.editorial import ensure_editorial_setup
        except ImportError as error:
            raise CommandError(
                f"home.editorial.ensure_editorial_setup fehlt ({error}); ohne Gruppen und "
                "Workflow kann die Demo nicht angelegt werden."
            ) from error

        rec = Recorder(self.stdout, int(options["verbosity"]))
        started = time.monotonic()
        dry_run = options["dry_run"]
        try:
            # Demo workflow steps must not mail anybody (or flood the console backend).
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
                transaction.atomic(),
            ):
                self.build(rec, ensure_editorial_setup, dry_run)
                summary = self.summary()
                if dry_run:
                    transaction.set_rollback(True)
        except Exception:
            self.remove_files(rec)
            raise
        if dry_run:
            # The rollback undid the rows; the files written meanwhile go too.
            self.remove_files(rec)
        self.report(rec, summary, time.monotonic() - started, dry_run)

    def build(self, rec, ensure_editorial_setup, dry_run):
        """All steps in order: pages need people, the workflow needs the news index,
        news need the workflow, the start page needs news and forms."""
        steps = 14
        rec.progress(f"[1/{steps}] Organisation")
        units = offices.seed_units(rec)
        rec.progress(f"[2/{steps}] Personen und Mitgliedschaften")
        users = offices.seed_users(rec, units)
        admin = users["admin"]
        rec.progress(f"[3/{steps}] Startseite und Website")
        start = home_demo.seed_site(rec, admin)
        rec.progress(f"[4/{steps}] Bilder")
        images = home_demo.seed_images(rec)
        rec.progress(f"[5/{steps}] Bereiche")
        news_index, areas, help_index = home_demo.seed_sections(rec, start, admin)
        rec.progress(f"[6/{steps}] Gruppen, Rechte und Workflow")
        before = editorial_snapshot()
        ensure_editorial_setup(stdout=None, dry_run=False)
        if editorial_snapshot() != before:
            rec.changes.append("~ Redaktionelle Einrichtung (Gruppen, Rechte, Workflow)")
        offices.seed_user_groups(rec, users)
        rec.progress(f"[7/{steps}] Nachrichten")
        home_demo.seed_news(rec, news_index, units, users, images)
        rec.progress(f"[8/{steps}] Formulare und Dienstanweisungen")
        forms = home_demo.seed_forms(rec, areas["formulare"], units, users, admin)
        home_demo.seed_instructions(rec, areas["dienstanweisungen"], units, users, admin)
        home_demo.seed_area_pages(rec, areas, admin)
        rec.progress(f"[9/{steps}] Hilfe")
        home_demo.seed_help(rec, help_index, images, admin)
        rec.progress(f"[10/{steps}] Startseite: Top-Themen, Hinweise, Schnellzugriff, Termine")
        home_demo.seed_start_slots(rec, start, news_index, forms, admin)
        accessibility.seed_accessibility_statement(rec, start, admin)
        rec.progress(f"[11/{steps}] Amts-Intranets")
        offices.seed_office_intranets(rec, admin)
        rec.progress(f"[12/{steps}] Rollen aus config/roles.yaml")
        role_changes = apply_roles()
        if role_changes:
            rec.changes.append(f"~ Rollen angewendet ({len(role_changes)} Änderungen)")
        rec.progress(f"[13/{steps}] Arbeitsräume")
        spaces.seed_workspaces(rec, admin)
        rec.progress(f"[14/{steps}] Dokumente, Termine, Diskussionen, Glossare, Benachrichtigungen")
        self.seed_workspace_tools(rec)

    @staticmethod
    def seed_workspace_tools(rec):
        """Fill the demo workspaces' tools and the notification centre; each tool's
        demo module is idempotent and skips workspaces that are missing or archived."""
        documents.seed(rec=rec)
        discussions.seed(rec=rec)
        glossary.seed(rec=rec)
        # These two count their rows instead of taking the recorder.
        for label, seed_tool in (
            ("Termine und Umfragen", calendar.seed),
            ("Benachrichtigungen", notifications.seed),
        ):
            made = seed_tool()
            if made:
                rec.changes.append(f"+ {label} ({made})")

    def summary(self):
        """Counts of what exists now (taken inside the transaction, so a dry run
        shows what the demo would contain)."""
        counts = {model._meta.verbose_name_plural: model.objects.count() for model in PAGE_TYPES}
        counts["Seiten insgesamt"] = Page.objects.count() - 1  # without the tree root
        counts["Organisationseinheiten"] = OrgUnit.objects.count()
        counts["Ämter"] = OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).count()
        counts["Personen"] = get_user_model().objects.count()
        counts["Mitgliedschaften"] = Membership.objects.count()
        counts["Gruppen"] = Group.objects.count()
        counts["Dokumente"] = IntranetDocument.objects.count()
        counts["Bilder"] = IntranetImage.objects.count()
        states = Counter(WorkflowState.objects.values_list("status", flat=True))
        counts["Workflow-Durchläufe"] = ", ".join(f"{k}: {v}" for k, v in sorted(states.items()))
        return counts

    def report(self, rec, summary, seconds, dry_run):
        """The final summary: counts, then what changed."""
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Bestand:"))
        for label, value in summary.items():
            self.stdout.write(f"  {label}: {value}")
        if not rec.changed:
            self.stdout.write(self.style.SUCCESS(f"nothing changed ({seconds:.1f} s)"))
            return
        created = ", ".join(f"{k} {v}" for k, v in sorted(rec.created.items())) or "–"
        updated = ", ".join(f"{k} {v}" for k, v in sorted(rec.updated.items())) or "–"
        prefix = "Probelauf, zurückgerollt – " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}angelegt: {created}"))
        self.stdout.write(self.style.SUCCESS(f"{prefix}geändert: {updated}"))
        # Deletions and the editorial setup are not in the counters; list them.
        for change in rec.changes:
            if change.startswith("-") or "Redaktionelle" in change:
                self.stdout.write(f"  {change}")
        self.stdout.write(f"{len(rec.changes)} Änderungen in {seconds:.1f} s")

    @staticmethod
    def remove_files(rec):
        """Delete files written during a rolled-back run (rows are gone, files not)."""
        for name in rec.files:
            if name and default_storage.exists(name):
                default_storage.delete(name)
