"""``manage.py seed_scale``: a city-sized, deterministic data set for benchmarks."""

import datetime
import io
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.home import find_start_page
from demo.scale import build


class Report:
    """Step lines and a one-line progress bar on the command's output."""

    def __init__(self, stdout, steps, verbosity=1):
        self.stdout, self.steps, self.verbosity = stdout, steps, verbosity
        self.number, self.total, self.count = 0, 0, 0
        self.tty = getattr(stdout, "isatty", lambda: False)()

    def step(self, label):
        self.number += 1
        self.total = 0
        if self.verbosity:
            self.stdout.write(f"[{self.number}/{self.steps}] {label} …")
            self.stdout.flush()

    def bar(self, total):
        """Start a bar of ``total`` items for the current step."""
        self.total, self.count, self._shown = max(total, 1), 0, -1

    def advance(self, amount):
        """``amount`` more items written: redraw (every 10 % off a terminal)."""
        self.count += amount
        if not self.verbosity or not self.total:
            return
        share = min(self.count / self.total, 1)
        if not self.tty and int(share * 10) == self._shown:
            return
        self._shown = int(share * 10)
        width = 40
        filled = int(width * share)
        line = f"    [{'#' * filled}{'-' * (width - filled)}] {self.count}/{self.total}"
        self.stdout.write(("\r" if self.tty else "") + line, ending="" if self.tty else "\n")
        self.stdout.flush()

    def done(self, seconds):
        if self.verbosity:
            prefix = "\n" if self.tty and self.total else ""
            self.stdout.write(f"{prefix}    fertig in {seconds:.1f} s")


class Command(BaseCommand):
    """Create the scale data set in a database that has the demo intranet."""

    help = (
        "Legt einen stadtgroßen, reproduzierbaren Datensatz für Lasttests an: Personen, "
        "Organisationseinheiten in vier Ebenen, Arbeitsräume aller Arten, Seiten in allen "
        "Bereichen und Dokumente mit Text, mit Mitgliedschaften und Beschränkungen. "
        "Schreibt in großen Blöcken; ruft seed_demo auf, wenn die Startseite fehlt. "
        "Läuft nur einmal je Datenbank."
    )

    def add_arguments(self, parser):
        sizes = build.Sizes()
        parser.add_argument("--seed", type=int, default=1, help="Zufallsstartwert (Standard 1).")
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="Alle Größen mit diesem Faktor multiplizieren (z. B. 0.1).",
        )
        for name in dataclasses_fields(sizes):
            parser.add_argument(
                f"--{name}",
                type=int,
                default=None,
                help=f"Anzahl (Standard {getattr(sizes, name)} mal --factor).",
            )
        parser.add_argument(
            "--anchor",
            default=None,
            help="Datum (JJJJ-MM-TT), von dem aus Veröffentlichungsdaten zurückgerechnet "
            "werden (Standard 2026-01-01).",
        )
        parser.add_argument(
            "--wagtail-index",
            action="store_true",
            help="Auch Wagtails Datenbank-Suchindex füllen (update_index; die Ersatzsuche ohne "
            "Suchmaschine und Wagtails eigene Suche lesen ihn). Dauert bei voller Größe lange.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur zeigen, was angelegt würde."
        )

    def handle(self, *args, **options):
        if options["factor"] <= 0:
            raise CommandError("--factor muss größer als 0 sein.")
        sizes = build.Sizes().scaled(options["factor"])
        for name in dataclasses_fields(sizes):
            if options[name] is not None:
                setattr(sizes, name, options[name])
        errors = sizes.validate()
        if errors:
            raise CommandError(" ".join(errors))
        anchor = build.default_anchor()
        if options["anchor"]:
            try:
                day = datetime.date.fromisoformat(options["anchor"])
            except ValueError:
                raise CommandError("--anchor muss ein Datum JJJJ-MM-TT sein.") from None
            anchor = anchor.replace(year=day.year, month=day.month, day=day.day)

        self.stdout.write(f"Datensatz (--seed {options['seed']}):")
        for label, value in sizes.plan().items():
            self.stdout.write(f"  {label}: {value}")
        if options["dry_run"]:
            self.stdout.write("Probelauf: nichts geschrieben.")
            return
        if build.already_seeded():
            raise CommandError(
                "Diese Datenbank enthält bereits einen Skalierungsdatensatz "
                "(Organisationseinheiten „s-…“). seed_scale legt ihn nur einmal an: "
                "für einen neuen Datensatz eine frische Datenbank verwenden."
            )
        started = time.monotonic()
        if find_start_page() is None:
            self.stdout.write("Keine Startseite: seed_demo legt zuerst das Demo-Intranet an …")
            call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        steps = 7 if options["wagtail_index"] else 6
        report = Report(self.stdout, steps, int(options["verbosity"]))
        try:
            build.Builder(sizes, options["seed"], anchor, report).run()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if options["wagtail_index"]:
            # Wagtail's own (database) search index: the fallback search and
            # Wagtail's stock search read it.
            report.step("Wagtail-Suchindex (update_index)")
            t0 = time.monotonic()
            call_command("update_index", verbosity=0, stdout=io.StringIO())
            report.done(time.monotonic() - t0)
        self.stdout.write("Bestand:")
        for label, value in build.summary().items():
            self.stdout.write(f"  {label}: {value}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Skalierungsdatensatz angelegt in {time.monotonic() - started:.0f} s."
            )
        )
        self.stdout.write(
            "Den Suchmaschinen-Index danach mit „manage.py rebuild_index“ neu aufbauen."
        )
        sys.stdout.flush()


def dataclasses_fields(sizes):
    """The names of the size options, in order."""
    import dataclasses

    return [field.name for field in dataclasses.fields(sizes)]
