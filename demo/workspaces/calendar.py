"""Demo appointments for ``seed_demo``: past and upcoming events with
answers in the demo workspaces (demo/workspaces/spaces.py), a running poll with
votes in „Projekt Digitale Akte“, and a feed token for ``projekt``.
Idempotent: events and polls are found by workspace and title, answers and
votes are only added where missing; a second run changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workspaces.calendar import services
from workspaces.calendar.models import Answer, CalendarToken, Event, Poll, PollAnswer, Rsvp
from workspaces.models import Workspace

# workspace title → [(title, days from today, start "HH:MM" or None for all day,
#                     minutes, place, online link, description, {username: answer})]
EVENTS = {
    "Projekt Digitale Akte": [
        (
            "Auftaktworkshop Digitale Akte",
            -21,
            "09:00",
            240,
            "Rathaus, Sitzungssaal",
            "",
            "Ziele, Zeitplan und Rollen im Projekt; Vorstellung des Pilotamts.",
            {"projekt": Answer.YES, "jugendamt": Answer.YES},
        ),
        (
            "Projektsitzung: Aktenplan und Scan-Prozess",
            2,
            "10:00",
            90,
            "Rathaus, Raum 204",
            "https://konferenz.stadt.example/digitale-akte",
            "Tagesordnung:\n1. Stand Aktenplan\n2. Scan-Prozess im Jugendamt\n3. Verschiedenes",
            {"projekt": Answer.YES, "jugendamt": Answer.MAYBE},
        ),
        (
            "Schulungstag Pilotamt",
            10,
            None,
            0,
            "Bildungszentrum, Schulungsraum 3",
            "",
            "Ganztägige Schulung der Pilotgruppe im Jugendamt.",
            {"jugendamt": Answer.YES},
        ),
    ],
    "Betriebliches Gesundheitsmanagement": [
        (
            "Gesundheitstag 2025 – Nachbesprechung",
            -40,
            "14:00",
            60,
            "Personalamt, Besprechungsraum",
            "",
            "Was lief gut, was machen wir beim nächsten Mal anders?",
            {"mitarbeiter": Answer.YES},
        ),
        (
            "Rückenschule – Infotermin",
            5,
            "12:30",
            45,
            "",
            "https://konferenz.stadt.example/rueckenschule",
            "Kurze Vorstellung des Kursprogramms mit Fragen und Antworten.",
            {"mitarbeiter": Answer.MAYBE},
        ),
    ],
    "Haushaltskonsolidierung 2027": [
        (
            "Klausur Haushalt 2027",
            7,
            "09:00",
            480,
            "Ratskeller, Kaminzimmer",
            "",
            "Vertraulich: Beratung der Sparliste.",
            {},
        ),
    ],
}
POLL = (
    "Projekt Digitale Akte",
    "Lenkungskreis Digitale Akte",
    "Rathaus, Raum 204",
    "Bitte tragen Sie ein, wann Sie können. Dauer etwa eine Stunde.",
    [(8, "09:00"), (9, "14:00"), (11, "10:30")],
    {
        "projekt": [Answer.YES, Answer.MAYBE, Answer.YES],
        "jugendamt": [Answer.NO, Answer.YES, Answer.YES],
    },
)


def _at(days, hhmm):
    day = timezone.localdate() + datetime.timedelta(days=days)
    hour, minute = (int(x) for x in (hhmm or "00:00").split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _users():
    return {u.username: u for u in get_user_model().objects.all()}


def seed(stdout=None):
    """Add the demo appointments (where missing); returns how many rows were made."""
    made = 0
    users = _users()
    with transaction.atomic():
        for title, events in EVENTS.items():
            workspace = Workspace.objects.filter(page__title=title).first()
            if workspace is None:
                continue
            for name, days, hhmm, minutes, place, link, text, answers in events:
                event = Event.objects.filter(workspace=workspace, title=name).first()
                if event is None:
                    start = _at(days, hhmm)
                    event = Event.objects.create(
                        workspace=workspace,
                        title=name,
                        start=start,
                        end=start + datetime.timedelta(minutes=minutes),
                        all_day=hhmm is None,
                        place=place,
                        online_link=link,
                        description=text,
                        created_by=workspace.created_by,
                    )
                    made += 1
                    if stdout:
                        stdout.write(f"  + Termin: {name}")
                for username, answer in answers.items():
                    if username in users and not event.rsvps.filter(user=users[username]).exists():
                        Rsvp.objects.create(event=event, user=users[username], answer=answer)
                        made += 1
        ws_title, poll_title, place, text, slots, votes = POLL
        workspace = Workspace.objects.filter(page__title=ws_title).first()
        if workspace is not None:
            poll = Poll.objects.filter(workspace=workspace, title=poll_title).first()
            if poll is None:
                poll = Poll.objects.create(
                    workspace=workspace,
                    title=poll_title,
                    place=place,
                    description=text,
                    created_by=workspace.created_by,
                )
                for days, hhmm in slots:
                    start = _at(days, hhmm)
                    poll.slots.create(start=start, end=start + datetime.timedelta(hours=1))
                made += 1
                if stdout:
                    stdout.write(f"  + Terminumfrage: {poll_title}")
            poll_slots = list(poll.slots.order_by("start"))
            for username, answers in votes.items():
                user = users.get(username)
                if user is None or PollAnswer.objects.filter(slot__poll=poll, user=user).exists():
                    continue
                for slot, answer in zip(poll_slots, answers, strict=False):
                    PollAnswer.objects.create(slot=slot, user=user, answer=answer)
                made += 1
        projekt = users.get("projekt")
        if projekt is not None and not CalendarToken.objects.filter(user=projekt).exists():
            services.active_token(projekt)
            made += 1
            if stdout:
                stdout.write("  + Kalender-Token für projekt")
    return made
