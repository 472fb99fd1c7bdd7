"""Plain text with simple formatting, rendered safely.

People type plain text. What the renderer understands: blank lines separate
paragraphs, line breaks are kept, lines starting with „- “ or „* “ form a
list, ``**fett**``, ``*kursiv*``, ```Code```, web addresses become links and
``@benutzername`` or ``@"Vorname Nachname"`` mentions of people who were
allowed to see the workspace become links. Everything else, HTML included,
is escaped: the output contains no markup but what this module writes."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Where a mention may start: not inside a word or an e-mail address.
_BEFORE = r"(?<![\w@.+-])"
QUOTED_MENTION = _BEFORE + r'@"(?P<fullname>[^"\n]{1,100})"'
NAME_MENTION = _BEFORE + r"@(?P<username>\w[\w.+-]{0,149})"

_INLINE = re.compile(
    "|".join(
        [
            r"`(?P<code>[^`\n]+)`",
            r"(?P<url>https?://[^\s<>\"'`]+)",
            QUOTED_MENTION,
            NAME_MENTION,
            r"\*\*(?P<bold>\S(?:[^\n]*?\S)?)\*\*",
            r"(?<![\w*])\*(?P<italic>[^\s*](?:[^*\n]*?[^\s*])?)\*(?![\w*])",
        ]
    )
)
_LIST_ITEM = re.compile(r"^[-*]\s+(.*)$")
_TRAILING = ".,;:!?)]}\"'"

# More mentions than this in one post are not resolved (no mass notification).
MAX_MENTIONS = 20


def _strip_trailing(text):
    """A sentence's full stop after an address or a name is not part of it."""
    stripped = text.rstrip(_TRAILING)
    return stripped, text[len(stripped) :]


def mention_names(text):
    """``(usernames, full names)`` mentioned in ``text``, lower-cased, at most
    MAX_MENTIONS together, in order of appearance."""
    usernames, fullnames = [], []
    for match in re.finditer(f"{QUOTED_MENTION}|{NAME_MENTION}", text or ""):
        if len(usernames) + len(fullnames) >= MAX_MENTIONS:
            break
        if match.group("fullname"):
            name = " ".join(match.group("fullname").split()).lower()
            if name and name not in fullnames:
                fullnames.append(name)
        else:
            name, _rest = _strip_trailing(match.group("username"))
            name = name.lower()
            if name and name not in usernames:
                usernames.append(name)
    return usernames, fullnames


def full_name(user):
    return " ".join(f"{user.first_name} {user.last_name}".split())


def _mention_link(label, user):
    name = escape(full_name(user) or user.get_username())
    if user.email:
        return (
            f'<a class="mention" href="mailto:{escape(user.email)}" title="{name}">'
            f"{escape(label)}</a>"
        )
    return f'<span class="mention" title="{name}">{escape(label)}</span>'


def _inline(text, people):
    """One line: escape everything, then add the markup of the matches."""
    out = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[position : match.start()]))
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "code":
            out.append(f"<code>{escape(value)}</code>")
        elif kind == "url":
            address, rest = _strip_trailing(value)
            out.append(f'<a href="{escape(address)}" rel="nofollow noopener">{escape(address)}</a>')
            out.append(escape(rest))
        elif kind == "fullname":
            user = people.get(("name", " ".join(value.split()).lower()))
            out.append(_mention_link(match.group(0), user) if user else escape(match.group(0)))
        elif kind == "username":
            name, rest = _strip_trailing(value)
            user = people.get(("user", name.lower()))
            out.append(_mention_link("@" + name, user) if user else escape("@" + name))
            out.append(escape(rest))
        elif kind == "bold":
            out.append(f"<strong>{escape(value)}</strong>")
        else:
            out.append(f"<em>{escape(value)}</em>")
    out.append(escape(text[position:]))
    return "".join(out)


def render(text, mentioned=()):
    """Safe HTML of ``text``. Only the users in ``mentioned`` (those a post
    recorded as mentioned) become links; other @names stay plain text."""
    people = {}
    for user in mentioned:
        people[("user", user.get_username().lower())] = user
        if full_name(user):
            people[("name", full_name(user).lower())] = user
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    html = []
    for block in blocks:
        if not block.strip():
            continue
        lines = block.split("\n")
        if all(_LIST_ITEM.match(line.strip()) for line in lines):
            items = "".join(
                f"<li>{_inline(_LIST_ITEM.match(line.strip()).group(1), people)}</li>"
                for line in lines
            )
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(_inline(line, people) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of text above is escaped


def plain(text):
    """The text without formatting marks, for search and notifications."""
    return " ".join((text or "").replace("**", "").replace("`", "").split())
