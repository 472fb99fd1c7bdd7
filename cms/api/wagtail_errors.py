"""German texts for the English messages of Wagtail's v2 API.

Wagtail raises ``BadRequestError`` with English texts that are not marked for
translation (``wagtail/api/v2/filters.py``, ``pagination.py``, ``views.py``
and the fields parser in ``utils.py``), so a catalogue cannot reach them. The
API's error handling passes each one through :func:`german_message`, which
matches it against the table below and keeps the names the message carries
(a field, a parameter). The table's texts are German only, like the
content of the messages they replace. A message Wagtail adds in a later release gets the
generic German text, never the English one."""

import re

from django.utils.translation import gettext as _

# (pattern of Wagtail's English message, German text with the pattern's named
# groups). Anchored at both ends; checked in order.
_PATTERNS = [
    (r"offset must be a positive integer", "„offset“ muss eine nicht negative ganze Zahl sein."),
    (r"limit must be a positive integer", "„limit“ muss eine positive ganze Zahl sein."),
    (r"limit cannot be higher than (?P<n>\d+)", "„limit“ darf höchstens {n} sein."),
    (r"unknown fields: (?P<names>.+)", "Unbekannte Felder: {names}."),
    (
        r"query parameter is not an operation or a recognised field: (?P<names>.+)",
        "Unbekannte Abfrageparameter: {names}.",
    ),
    (r"'(?P<name>[^']+)' does not support nested fields", "„{name}“ hat keine Unterfelder."),
    (r"fields error: .*", "Der Parameter „fields“ ist ungültig."),
    (r"type doesn't exist", "Diesen Seitentyp gibt es nicht."),
    (
        r"cannot order by '(?P<name>[^']+)' \((?:unknown|invalid) field\)",
        "Nach „{name}“ kann nicht sortiert werden.",
    ),
    (
        r"cannot order by '(?P<name>[^']+)' while searching \(field is not indexed\)",
        "Bei einer Suche kann nicht nach „{name}“ sortiert werden.",
    ),
    (
        r"cannot filter by '(?P<name>[^']+)' while searching \(field is not indexed\)",
        "Bei einer Suche kann nicht nach „{name}“ gefiltert werden.",
    ),
    (
        r"random ordering cannot be combined with other fields",
        "Zufällige Reihenfolge lässt sich nicht mit anderen Feldern kombinieren.",
    ),
    (
        r"random ordering with offset is not supported",
        "Zufällige Reihenfolge ist mit „offset“ nicht möglich.",
    ),
    (r"search is disabled", "Die Suche ist für diesen Endpunkt abgeschaltet."),
    (
        r"filtering by tag with a search query is not supported",
        "Suche und Filter nach Schlagwort lassen sich nicht kombinieren.",
    ),
    (
        r"filtering by descendant_of with child_of is not supported",
        "„descendant_of“ und „child_of“ lassen sich nicht kombinieren.",
    ),
    (
        r"(?P<name>child_of|ancestor_of|descendant_of|translation_of) must be a positive integer",
        "„{name}“ muss eine positive ganze Zahl sein.",
    ),
    (
        r"(?:parent|ancestor|descendant|translation_of) page doesn't exist",
        "Die angegebene Seite gibt es nicht.",
    ),
    (
        r"field filter error\. '.*' is not a valid value for (?P<name>\w+) \(.*\)",
        "Ungültiger Wert für den Filter „{name}“.",
    ),
    (
        r"field filter error\. null characters are not allowed for (?P<name>\w+)",
        "Der Filter „{name}“ darf kein Nullzeichen enthalten.",
    ),
]

_COMPILED = [(re.compile(rf"\A{pattern}\Z", re.S), german) for pattern, german in _PATTERNS]


def german_message(message):
    """The German text for one of Wagtail's API error messages; a message
    that is not in the table gets a generic German text."""
    text = str(message)
    for pattern, german in _COMPILED:
        match = pattern.match(text)
        if match:
            return german.format(**match.groupdict())
    return _("Die Anfrage ist ungültig.")
