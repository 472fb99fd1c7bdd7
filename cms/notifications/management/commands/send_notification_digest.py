"""Mail everyone the digest of their notifications (run once a day)."""

from django.core.management.base import BaseCommand

from cms.notifications import mail


class Command(BaseCommand):
    """``manage.py send_notification_digest [--dry-run]``."""

    help = (
        "Sendet jeder Person eine E-Mail mit ihren ungelesenen, noch nicht versandten "
        "Benachrichtigungen der Arten, die sie als tägliche Zusammenfassung gewählt hat. "
        "Nur, was die Person sehen darf. Ein zweiter Lauf versendet nichts doppelt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer wie viele Benachrichtigungen bekäme; nichts versenden.",
        )

    def handle(self, *args, dry_run=False, **options):
        def progress(user, count):
            verb = "bekäme" if dry_run else "erhält"
            self.stdout.write(f"  {user.get_username()} {verb} {count} Benachrichtigung(en)")

        # Each person's mail is written atomically (mark mailed + queue the
        # mail); a failure for one person leaves the others' state consistent.
        mails, items = mail.send_digest(dry_run=dry_run, progress=progress)
        prefix = "Probelauf: " if dry_run else ""
        verb = "würden" if dry_run else "wurden"
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{mails} Zusammenfassung(en) mit {items} Benachrichtigung(en) "
                f"{verb} versandt."
            )
        )
