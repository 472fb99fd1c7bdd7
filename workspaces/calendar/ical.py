"""A small RFC 5545 (iCalendar) writer for the feeds: text escaping, line
folding at 75 octets, CRLF line ends, times in UTC, stable UIDs."""

import datetime

from django.utils import timezone

PRODID = "-//Stadtverwaltung//Intranet Kalender//DE"
# Fixed, so UIDs stay the same whatever host name the feed was fetched under.
UID_DOMAIN = "intranet.stadtverwaltung"


def escape_text(value):
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """Fold a content line into pieces of at most 75 octets (RFC 5545 3.1),
    never splitting a UTF-8 character; continuation lines start with a space."""
    pieces = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current)
            current = b" "
            limit = 75
        current += encoded
    pieces.append(current)
    return b"\r\n".join(pieces).decode("utf-8")


def utc(value):
    """A date-time as UTC in basic format, e.g. 20260501T080000Z."""
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(value):
    return value.strftime("%Y%m%d")


def event_lines(event, url):
    """The VEVENT lines of one event (``url``: absolute reader URL)."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}@{UID_DOMAIN}",
        f"DTSTAMP:{utc(event.updated_at)}",
        f"CREATED:{utc(event.created_at)}",
        f"LAST-MODIFIED:{utc(event.updated_at)}",
        f"SEQUENCE:{event.sequence}",
    ]
    if event.all_day:
        lines.append(f"DTSTART;VALUE=DATE:{_date(timezone.localtime(event.start).date())}")
        lines.append(f"DTEND;VALUE=DATE:{_date(event.ical_end())}")
    else:
        lines.append(f"DTSTART:{utc(event.start)}")
        lines.append(f"DTEND:{utc(event.end)}")
    lines.append(f"SUMMARY:{escape_text(event.title)}")
    description = event.description
    if event.online_link:
        description = f"{description}\n\nOnline: {event.online_link}".strip()
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    location = event.place or event.online_link
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append(f"CATEGORIES:{escape_text(event.workspace.page.title)}")
    lines.append("END:VEVENT")
    return lines


def calendar(name, events, url_for):
    """A whole VCALENDAR as a string with CRLF line ends. ``url_for(event)``
    gives each event's absolute reader URL."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for event in events:
        lines.extend(event_lines(event, url_for(event)))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
