"""The English locale speaks English: every msgid of our apps (German source
strings) has an English translation with the same placeholders, the
catalogues cover every string of the source and are compiled, and a page
asked for in English (the /en/ prefix, or Accept-Language outside the page
tree) shows English UI strings."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import translation

import polib
import pytest

ROOT = Path(settings.BASE_DIR)
EN = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
CATALOGUES = [
    ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po",
    EN,
    ROOT / "locale-wagtail" / "de" / "LC_MESSAGES" / "django.po",
    ROOT / "locale-wagtail" / "de" / "LC_MESSAGES" / "djangojs.po",
]
# Words that are the same in both languages.
SAME_IN_ENGLISH = {
    *("Account", "Code", "DN", "Downloads", "Information", "Moderation", "Name"),
    *("Name (optional)", "Passkey"),
    *("Online", "online", "Organisation", "Person", "Person: %(user)s", "SAP", "Status"),
    *("Status:", "Synonym", "Text", "Token", "Version", "Version %(number)s"),
    *("Version %(version)s", "Video", "Intranet: %(title)s"),
}
# printf placeholders (named or not), str.format fields, HTML tags.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[sdifr]|%[sdifr]|\{[a-z_]*\}|</?(?:a|br|code|em|p|span|strong)\b[^>]*>"
)


def english_entries():
    return polib.pofile(str(EN))


def forms(entry):
    """(source, translation) pairs of an entry: one, or one per plural form."""
    if entry.msgid_plural:
        return [(entry.msgid, entry.msgstr_plural.get(0, "")),
                (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]  # fmt: skip
    return [(entry.msgid, entry.msgstr)]


def test_every_msgid_has_an_english_translation():
    catalogue = english_entries()
    assert len(catalogue) > 1000
    missing = [
        entry.msgid
        for entry in catalogue
        if entry.fuzzy or not all(english.strip() for _, english in forms(entry))
    ]
    assert missing == [], "no English yet (scripts/translate_en.py --missing)"


def test_english_keeps_the_placeholders():
    wrong = []
    for entry in english_entries():
        for german, english in forms(entry):
            if sorted(PLACEHOLDER.findall(german)) != sorted(PLACEHOLDER.findall(english)):
                wrong.append((german, english))
    assert wrong == []


def test_english_is_a_translation_not_a_copy():
    copies = [
        entry.msgid
        for entry in english_entries()
        if entry.msgid not in SAME_IN_ENGLISH
        and any(german == english for german, english in forms(entry))
    ]
    assert copies == []


def test_the_catalogues_cover_every_string_of_the_source(tmp_path):
    """makemessages on a copy of the project finds no msgid the committed
    catalogues lack, and none they have in excess (scripts/messages.sh)."""
    copy = tmp_path / "project"
    skip = shutil.ignore_patterns(
        *(".*", "__pycache__", "tests", "bench", "media", "static", "screenshots", "target"),
        *("*.sqlite3*", "*.mo"),
    )
    shutil.copytree(ROOT, copy, ignore=skip, symlinks=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "-l", "en"]
        + ["--no-obsolete", "--no-location", "--ignore=locale*"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for lang in ("de", "en"):
        relative = Path("locale") / lang / "LC_MESSAGES" / "django.po"
        extracted = {(e.msgid, e.msgid_plural) for e in polib.pofile(str(copy / relative))}
        committed = {(e.msgid, e.msgid_plural) for e in polib.pofile(str(ROOT / relative))}
        assert extracted - committed == set(), f"{relative}: run scripts/messages.sh"
        assert committed - extracted == set(), f"{relative}: run scripts/messages.sh"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_compiled_catalogues_are_current(po_path):
    def translations(entries):
        return {
            (e.msgid, e.msgid_plural): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in entries
            if e.msgid
        }

    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    source = polib.pofile(str(po_path)).translated_entries()
    assert translations(compiled) == translations(source), "run scripts/messages.sh"


def test_english_plurals():
    with translation.override("en"):
        assert (
            translation.ngettext("%(counter)s Antwort", "%(counter)s Antworten", 1) % {"counter": 1}
            == "1 reply"
        )
        assert (
            translation.ngettext("%(counter)s Antwort", "%(counter)s Antworten", 3) % {"counter": 3}
            == "3 replies"
        )


@pytest.mark.django_db
def test_the_english_start_page_has_an_english_interface(user_client, home_page):
    response = user_client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for english in ("City administration intranet", "Search", "Log out", "Skip to content"):
        assert english in html
    for german in ("Intranet der Stadtverwaltung", "Abmelden", "Zum Inhalt springen"):
        assert german not in html
    html = user_client.get("/").content.decode()
    assert '<html lang="de"' in html and "Abmelden" in html
