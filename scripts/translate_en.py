"""The English catalogue (locale/en/LC_MESSAGES/django.po) for translators.

Our msgids are German; the .po file itself keeps the English translations
(makemessages keeps them when it updates the file). This script helps fill in
the entries a change has added:

    translate_en.py              report the msgids still without English
    translate_en.py --missing    print them as a TSV to fill in
    translate_en.py FILE.tsv     apply a filled-in TSV

TSV lines: the German msgid, a tab, the English; plural entries have the
singular and the plural English in two columns. Lines starting with # are
comments. Only entries without English (or marked fuzzy by makemessages) are
filled, so a file can be applied twice. tests/cms/test_english_catalogue.py
fails while any msgid lacks English or a translation's placeholders differ.
"""

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def missing(catalogue):
    """The entries of the catalogue that still need English."""
    return [entry for entry in catalogue if not entry.translated() or entry.fuzzy]


def read_tsv(path):
    """German msgid → list of English forms (one, or singular and plural)."""
    pairs = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        german, *english = line.split("\t")
        if not english or not all(form.strip() for form in english) or len(english) > 2:
            raise SystemExit(f"{path}:{number}: expected msgid, a tab and the English")
        pairs[german] = english
    return pairs


def apply(catalogue, pairs):
    """Fill the entries still without English from ``pairs``; returns the
    number filled and the msgids of ``pairs`` the catalogue does not have."""
    filled = 0
    for entry in missing(catalogue):
        forms = pairs.get(entry.msgid)
        if forms is None:
            continue
        if entry.msgid_plural:
            if len(forms) != 2:
                raise SystemExit(f"plural entry needs two English forms: {entry.msgid}")
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            if len(forms) != 1:
                raise SystemExit(f"entry has no plural, one English form: {entry.msgid}")
            entry.msgstr = forms[0]
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
        filled += 1
    known = {entry.msgid for entry in catalogue}
    return filled, [german for german in pairs if german not in known]


def main(argv=None):
    """Report, export or fill the English entries still missing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", nargs="?", help="filled-in TSV to apply")
    parser.add_argument("--missing", action="store_true", help="print the missing msgids as TSV")
    args = parser.parse_args(argv)
    catalogue = polib.pofile(str(CATALOGUE))
    if args.tsv:
        filled, unknown = apply(catalogue, read_tsv(args.tsv))
        catalogue.save()
        sys.stdout.write(f"{filled} English translations filled in\n")
        for german in unknown:
            sys.stderr.write(f"not in the catalogue: {german}\n")
        return 0
    todo = missing(catalogue)
    if args.missing:
        for entry in todo:
            sys.stdout.write(entry.msgid + ("\t\t\n" if entry.msgid_plural else "\t\n"))
        return 0
    for entry in todo:
        sys.stderr.write(f"no English yet: {entry.msgid}\n")
    sys.stdout.write(f"{len(todo)} msgids without English ({CATALOGUE.relative_to(ROOT)})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
