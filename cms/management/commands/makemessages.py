"""Django's makemessages without fuzzy matching (the way Django's
documentation suggests customising its gettext options)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """``makemessages`` whose msgmerge does not guess translations for new
    msgids. Our msgids are German: a guessed German „translation“ is just an
    older, different sentence, and the English guesses are of different
    sentences too (msgmerge marks them fuzzy, msgfmt skips them). A new msgid
    arrives empty, and scripts/translate_en.py lists it."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
