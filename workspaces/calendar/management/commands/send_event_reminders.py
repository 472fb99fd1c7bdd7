"""Remind attendees of events in the next 24 hours (run it e.g. hourly)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from workspaces.calendar import services


class Command(BaseCommand):
    help = (
        "Benachrichtigt alle, die einem Termin in den nächsten 24 Stunden zugesagt "
        "(oder „vielleicht“ geantwortet) haben. Jede Erinnerung geht einmal hinaus; "
        "ein verschobener Termin wird erneut angekündigt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer erinnert würde; nichts senden und nichts speichern.",
        )

    def handle(self, *args, dry_run=False, **options):
        due = services.due_reminders()
        sent = 0
        for event, person in due:
            when = timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M")
            line = f"{person.get_username()}: {event.title} ({when})"
            if dry_run:
                self.stdout.write(f"Würde erinnern: {line}")
            elif services.send_reminder(event, person):
                sent += 1
                self.stdout.write(f"Erinnert: {line}")
        if dry_run:
            self.stdout.write(f"{len(due)} Erinnerung(en) fällig (Probelauf, nichts gesendet).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{sent} Erinnerung(en) gesendet."))
