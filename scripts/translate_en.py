"""Fill the English catalogue (locale/en) with the translations kept in
locale/en.txt (German msgid, a tab, English), without touching entries
already translated by hand in the .po file. Run by scripts/messages.sh."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main():
    """Apply locale/en.txt to locale/en/LC_MESSAGES/django.po."""
    pairs = {}
    for line in (ROOT / "locale" / "en.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            german, english = line.split("\t")
            pairs[german] = english
    catalogue = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    filled = 0
    for entry in catalogue:
        if not entry.msgstr and entry.msgid in pairs and not entry.msgid_plural:
            entry.msgstr = pairs[entry.msgid]
            filled += 1
    catalogue.save()
    sys.stdout.write(f"{filled} English translations filled in\n")


if __name__ == "__main__":
    main()
