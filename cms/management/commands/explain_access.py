"""``manage.py explain_access USER ITEM``: why may a person read or edit an item?"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.rights.explain import ItemError, explain_access, find_user, parse_item


class Command(BaseCommand):
    """Print a readable German explanation of a person's access to a page, document or image."""

    help = _(
        "Erklärt, ob und warum eine Person eine Seite, ein Dokument oder ein Bild "
        "lesen und bearbeiten darf. ITEM: page:<id>, page:/url/pfad/, document:<id>, image:<id>."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help=_("Benutzername"))
        parser.add_argument("item", help=_("page:<id>, page:/pfad/, document:<id> oder image:<id>"))

    def handle(self, *args, user, item, **options):
        try:
            person = find_user(user)
            _kind, instance = parse_item(item)
        except ItemError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(explain_access(person, instance).as_text())
