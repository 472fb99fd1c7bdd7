"""Validation at the edge of the API: request bodies and query parameters are
checked here before any view, query or database sees them, so bad input
answers a German 400 and never a 500.

Bodies (the parsers are DRF's defaults for every API view, see
``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``):

- JSON nested deeper than ``MAX_JSON_DEPTH`` is refused before it is parsed
  (Python's parser would recurse until ``RecursionError``);
- text with a null byte or an unpaired surrogate (``"\\ud800"``) is refused,
  in JSON as in form bodies: PostgreSQL stores neither, and a silently changed
  text is worse than a clear message. Django's form fields refuse null bytes
  the same way on the site (``ProhibitNullCharactersValidator``); form bodies
  cannot carry surrogates, since undecodable bytes become U+FFFD;
- integers beyond the 64-bit range the database counts in are refused.

Query parameters: :func:`int_param` and :func:`text_param`."""

import io
import re

from django.utils.translation import gettext as _

from rest_framework import exceptions
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

MAX_JSON_DEPTH = 50
# Offsets beyond this find nothing in any list of the intranet; larger numbers
# would overflow the database's 64-bit OFFSET.
MAX_OFFSET = 10**9
# Ids are 64-bit integers in the database.
MAX_ID = 2**63 - 1

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


class InvalidInput(exceptions.ParseError):
    """400 with a message and, where a field is to blame, the field's errors."""

    def __init__(self, message, field=None):
        detail = {"message": message}
        if field is not None:
            detail["errors"] = {field: [message]}
        super().__init__(detail)


def json_depth(text):
    """The deepest nesting of arrays and objects in JSON ``text``, without
    parsing it (brackets inside strings do not count)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def has_bad_characters(text):
    """Whether ``text`` holds a null byte or an unpaired surrogate."""
    return bool(_BAD_CHARACTER.search(text))


def _bad_characters_message():
    return _("Der Text enthält unzulässige Zeichen (Nullzeichen oder ungültiges Unicode).")


def check_values(data, field=None):
    """Refuse bad characters and out-of-range integers anywhere in parsed
    ``data``; ``field`` is the top-level field being checked."""
    if isinstance(data, str):
        if has_bad_characters(data):
            raise InvalidInput(_bad_characters_message(), field or "")
    elif isinstance(data, bool):
        return
    elif isinstance(data, int):
        if abs(data) > MAX_ID:
            raise InvalidInput(
                _("Die Zahl ist zu groß (höchstens %(max)d).") % {"max": MAX_ID}, field or ""
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            if has_bad_characters(str(key)):
                raise InvalidInput(_bad_characters_message(), field or "")
            check_values(value, field if field is not None else str(key))
    elif isinstance(data, list):
        for value in data:
            check_values(value, field)


class SafeJSONParser(JSONParser):
    """DRF's JSON parser with a depth limit and the value checks above."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode((parser_context or {}).get("encoding") or "utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(_("Der Inhalt ist kein gültiges UTF-8.")) from exc
        if json_depth(text) > MAX_JSON_DEPTH:
            raise InvalidInput(
                _("Das JSON ist zu tief verschachtelt (höchstens %(max)d Ebenen).")
                % {"max": MAX_JSON_DEPTH}
            )
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:  # the depth check should make this unreachable
            raise InvalidInput(_("Das JSON ist zu tief verschachtelt.")) from exc
        check_values(data)
        return data


def _check_form(data):
    for key, values in data.lists():
        check_values([key, *values], key)


class SafeFormParser(FormParser):
    """DRF's form parser, refusing null bytes like :class:`SafeJSONParser`."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _check_form(data)
        return data


class SafeMultiPartParser(MultiPartParser):
    """DRF's multipart parser, refusing null bytes in its text fields."""

    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _check_form(result.data)
        return result


def int_param(request, name, default, minimum=0, maximum=MAX_OFFSET):
    """The integer query parameter ``name`` (``default`` when absent), or a
    400 with a German message when it is no whole number in range."""
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    value = None
    if re.fullmatch(r"-?[0-9]{1,20}", raw.strip()):
        value = int(raw)
    if value is None or value < minimum or value > maximum:
        raise InvalidInput(
            _("„%(name)s“ muss eine ganze Zahl von %(min)d bis %(max)d sein.")
            % {"name": name, "min": minimum, "max": maximum}
        )
    return value


def text_param(request, name, max_length):
    """The stripped text parameter ``name`` ('' when absent), or a 400 when it
    is longer than ``max_length`` or holds bad characters."""
    value = (request.GET.get(name) or "").strip()
    if len(value) > max_length:
        raise InvalidInput(
            _("„%(name)s“ darf höchstens %(max)d Zeichen lang sein.")
            % {"name": name, "max": max_length}
        )
    if has_bad_characters(value):
        raise InvalidInput(_bad_characters_message())
    return value
