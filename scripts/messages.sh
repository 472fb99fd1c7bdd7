#!/usr/bin/env bash
# Update and compile the catalogues (locale/, locale-wagtail/). The German
# catalogue of our strings is its own source (German msgids); the English one
# keeps its translations in the .po file (makemessages keeps them; new msgids
# arrive empty: scripts/translate_en.py lists them and fills them in from a
# TSV); no source locations, so that two branches adding strings conflict
# less; locale-wagtail/ holds corrections of Wagtail's German. The .mo files
# are committed (tests/cms/test_english_catalogue.py checks they are current).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
"$PY" manage.py makemessages -l de -l en --no-obsolete --no-location \
  --ignore='.venv/*' --ignore='tests/*' --ignore='bench/*' --ignore='locale*'
for lang in de en; do
  po="locale/$lang/LC_MESSAGES/django.po"
  # A finished header (makemessages marks it fuzzy, and msgfmt skips fuzzy entries).
  sed -i -e '0,/^#, fuzzy$/{/^#, fuzzy$/d}' -e "s/^\"Language: \\\\n\"$/\"Language: $lang\\\\n\"/" \
    -e 's/^"Project-Id-Version: PACKAGE VERSION\\n"$/"Project-Id-Version: intranet\\n"/' "$po"
done
# Lists the msgids still without English (the tests fail while there are any).
"$PY" scripts/translate_en.py
# German msgids are their own translation.
msgen -o locale/de/LC_MESSAGES/django.po locale/de/LC_MESSAGES/django.po
"$PY" manage.py compilemessages --ignore='.venv/*'
