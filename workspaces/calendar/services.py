"""What the calendar does, for the reader views, the API, the feeds and the
reminder command alike: who may read and write, events and answers, polls
and votes, feed tokens and reminders.

Reading is asked of the permission core (the workspace page's view
restriction); writing needs the role owner or member in an active
workspace. Every change that writes more than one row is all or nothing,
and bad input raises ``ValidationError`` with German messages per field."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.notifications.models import Kind
from cms.notifications.services import notify
from cms.permissions import can_view_page, visible_pages
from workspaces.models import Workspace, WorkspaceMembership, WorkspacePage
from workspaces.tools import tool_url

from .models import Answer, CalendarToken, Event, EventReminder, Poll, PollAnswer, PollSlot, Rsvp

Role = WorkspaceMembership.Role
MAX_SLOTS = 30
# How far back the feeds reach; calendar programs keep what they saw before.
FEED_PAST_DAYS = 180
REMINDER_HORIZON = datetime.timedelta(hours=24)


# --- reading and roles ---------------------------------------------------------------


def visible_workspaces(user):
    """Workspaces whose page ``user`` may read (live, every restriction passed)."""
    return Workspace.objects.filter(page__in=visible_pages(user, WorkspacePage.objects.all()))


def workspace_for(user, workspace_id):
    """The workspace with this id if ``user`` may read it; Http404 otherwise
    (unknown and hidden look the same)."""
    workspace = visible_workspaces(user).filter(pk=workspace_id).select_related("page").first()
    if workspace is None:
        raise Http404
    return workspace


def can_write(workspace, user):
    """Owners and members write (events, answers, polls, votes); never in an
    archived workspace."""
    return workspace.is_active and workspace.role_of(user) in (Role.OWNER, Role.MEMBER)


def can_manage(workspace, user, created_by_id):
    """Changing or deleting an event or fixing a poll: owners always, members
    their own."""
    if not workspace.is_active:
        return False
    role = workspace.role_of(user)
    return role == Role.OWNER or (role == Role.MEMBER and created_by_id == user.pk)


def require_write(workspace, user):
    if not can_write(workspace, user):
        raise PermissionDenied(
            _("Nur Mitglieder eines aktiven Arbeitsraums können hier schreiben.")
        )


def event_url(event):
    return tool_url(event.workspace.page, "kalender", "event", pk=event.pk)


def poll_url(poll):
    return tool_url(poll.workspace.page, "kalender", "poll", pk=poll.pk)


# --- events ------------------------------------------------------------------------------

EVENT_FIELDS = ("title", "start", "end", "all_day", "place", "online_link", "description")


def _local_midnight(value):
    day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Events and poll slots lie in these years: the calendar plans real
# appointments, and far-off years give nonsense local-time offsets (LMT).
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def year_error(value):
    """A German message when the date-time ``value`` lies outside
    EARLIEST_YEAR–LATEST_YEAR, else None."""
    if EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return None
    return _("Das Jahr muss zwischen %(first)d und %(last)d liegen.") % {
        "first": EARLIEST_YEAR,
        "last": LATEST_YEAR,
    }


def clean_event_data(data):
    """Check and normalise event fields (a dict with EVENT_FIELDS); returns
    the cleaned dict or raises ValidationError with messages per field."""
    errors = {}
    cleaned = {
        "title": str(data.get("title") or "").strip(),
        "place": str(data.get("place") or "").strip(),
        "online_link": str(data.get("online_link") or "").strip(),
        "description": str(data.get("description") or "").strip(),
        "all_day": bool(data.get("all_day")),
        "start": data.get("start"),
        "end": data.get("end"),
    }
    if not cleaned["title"]:
        errors["title"] = [_("Bitte geben Sie einen Titel an.")]
    elif len(cleaned["title"]) > 200:
        errors["title"] = [_("Der Titel darf höchstens 200 Zeichen lang sein.")]
    if len(cleaned["place"]) > 200:
        errors["place"] = [_("Der Ort darf höchstens 200 Zeichen lang sein.")]
    if len(cleaned["description"]) > 10000:
        errors["description"] = [_("Die Beschreibung darf höchstens 10.000 Zeichen lang sein.")]
    if cleaned["online_link"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["online_link"])
        except ValidationError:
            errors["online_link"] = [
                _("Der Online-Link muss eine vollständige Adresse mit https:// sein.")
            ]
        if len(cleaned["online_link"]) > 500:
            errors["online_link"] = [_("Der Online-Link darf höchstens 500 Zeichen lang sein.")]
    start, end = cleaned["start"], cleaned["end"]
    if not isinstance(start, datetime.datetime):
        errors["start"] = [_("Bitte geben Sie an, wann der Termin beginnt.")]
    if not isinstance(end, datetime.datetime):
        errors["end"] = [_("Bitte geben Sie an, wann der Termin endet.")]
    for name in ("start", "end"):
        if name not in errors and year_error(cleaned[name]):
            errors[name] = [year_error(cleaned[name])]
    if not errors.get("start") and not errors.get("end"):
        if timezone.is_naive(start):
            start = cleaned["start"] = timezone.make_aware(start)
        if timezone.is_naive(end):
            end = cleaned["end"] = timezone.make_aware(end)
        if cleaned["all_day"]:
            start = cleaned["start"] = _local_midnight(start)
            end = cleaned["end"] = _local_midnight(end)
            if end < start:
                errors["end"] = [_("Der letzte Tag darf nicht vor dem ersten liegen.")]
        elif end <= start:
            errors["end"] = [_("Das Ende muss nach dem Beginn liegen.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_event(workspace, user, data, event=None):
    """Create (``event`` None) or change an event. Members create; owners
    change every event, members their own. Returns the saved event."""
    if event is None:
        require_write(workspace, user)
    elif not can_manage(workspace, user, event.created_by_id):
        raise PermissionDenied(_("Sie dürfen diesen Termin nicht ändern."))
    cleaned = clean_event_data(data)
    with transaction.atomic():
        if event is None:
            event = Event(workspace=workspace, created_by=user)
        elif any(
            getattr(event, name) != cleaned[name] for name in ("start", "end", "all_day", "place")
        ):
            event.sequence += 1
        for name, value in cleaned.items():
            setattr(event, name, value)
        event.save()
    return event


def delete_event(event, user):
    """Owners delete every event, members their own."""
    if not can_manage(event.workspace, user, event.created_by_id):
        raise PermissionDenied(_("Sie dürfen diesen Termin nicht löschen."))
    event.delete()


def clean_answer(value):
    if value not in Answer.values:
        raise ValidationError({"answer": [_("Bitte antworten Sie mit „yes“, „maybe“ oder „no“.")]})
    return value


def set_rsvp(event, user, answer):
    """Answer an invitation; answering again replaces the earlier answer."""
    require_write(event.workspace, user)
    answer = clean_answer(answer)
    Rsvp.objects.bulk_create(
        [Rsvp(event=event, user=user, answer=answer, answered_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["event", "user"],
        update_fields=["answer", "answered_at"],
    )
    return answer


def rsvp_summary(event):
    """``{answer: [user, …]}`` for yes, maybe and no."""
    result = {value: [] for value in Answer.values}
    for rsvp in event.rsvps.select_related("user").order_by("user__last_name", "user__username"):
        result[rsvp.answer].append(rsvp.user)
    return result


def my_rsvp(event, user):
    return event.rsvps.filter(user=user).values_list("answer", flat=True).first()


# --- polls -----------------------------------------------------------------------------


def clean_slots(slots):
    """``[(start, end)]`` checked: at least one, each ending after it
    starts, no duplicates. Raises ValidationError under ``slots``."""
    slots = [(s, e) for s, e in slots if s is not None or e is not None]
    if not slots:
        raise ValidationError({"slots": [_("Bitte schlagen Sie mindestens einen Termin vor.")]})
    if len(slots) > MAX_SLOTS:
        raise ValidationError(
            {"slots": [_("Höchstens %(max)s Vorschläge je Umfrage.") % {"max": MAX_SLOTS}]}
        )
    cleaned, errors = [], []
    for number, (start, end) in enumerate(slots, start=1):
        if not isinstance(start, datetime.datetime) or not isinstance(end, datetime.datetime):
            errors.append(_("Vorschlag %(n)s: Bitte geben Sie Beginn und Ende an.") % {"n": number})
            continue
        if year_error(start) or year_error(end):
            errors.append(
                _("Vorschlag %(n)s: %(error)s")
                % {"n": number, "error": year_error(start) or year_error(end)}
            )
            continue
        start = timezone.make_aware(start) if timezone.is_naive(start) else start
        end = timezone.make_aware(end) if timezone.is_naive(end) else end
        if end <= start:
            errors.append(
                _("Vorschlag %(n)s: Das Ende muss nach dem Beginn liegen.") % {"n": number}
            )
        elif (start, end) in cleaned:
            errors.append(_("Vorschlag %(n)s kommt doppelt vor.") % {"n": number})
        else:
            cleaned.append((start, end))
    if errors:
        raise ValidationError({"slots": errors})
    return sorted(cleaned)


def create_poll(workspace, user, title, slots, description="", place=""):
    """A new poll with its slots, all or nothing."""
    require_write(workspace, user)
    errors = {}
    title = str(title or "").strip()
    if not title:
        errors["title"] = [_("Bitte geben Sie einen Titel an.")]
    elif len(title) > 200:
        errors["title"] = [_("Der Titel darf höchstens 200 Zeichen lang sein.")]
    try:
        slots = clean_slots(slots)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        poll = Poll.objects.create(
            workspace=workspace,
            title=title,
            description=str(description or "").strip()[:10000],
            place=str(place or "").strip()[:200],
            created_by=user,
        )
        PollSlot.objects.bulk_create(PollSlot(poll=poll, start=s, end=e) for s, e in slots)
    return poll


def vote(poll, user, answers):
    """Replace ``user``'s vote in ``poll`` by ``answers`` ({slot_id: answer}).

    The poll row is locked (so a vote never lands after the poll was fixed),
    answers are upserted on the (slot, user) constraint and answers to slots
    left out are removed: a second vote replaces the first as a whole, also
    when both arrive at the same moment."""
    require_write(poll.workspace, user)
    if not isinstance(answers, dict) or not answers:
        raise ValidationError({"answers": [_("Bitte beantworten Sie mindestens einen Vorschlag.")]})
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.closed:
            raise ValidationError(
                {
                    "answers": [
                        _("Die Umfrage ist abgeschlossen; es kann nicht mehr abgestimmt werden.")
                    ]
                }
            )
        slot_ids = set(poll.slots.values_list("pk", flat=True))
        rows = []
        for slot_id, answer in answers.items():
            try:
                slot_id = int(slot_id)
            except (TypeError, ValueError):
                slot_id = None
            if slot_id not in slot_ids:
                raise ValidationError(
                    {"answers": [_("Unbekannter Vorschlag: %(slot)s") % {"slot": slot_id}]}
                )
            if answer not in Answer.values:
                raise ValidationError(
                    {"answers": [_("Bitte antworten Sie mit „yes“, „maybe“ oder „no“.")]}
                )
            rows.append(PollAnswer(slot_id=slot_id, user=user, answer=answer))
        PollAnswer.objects.filter(slot__poll=poll, user=user).exclude(
            slot_id__in=[row.slot_id for row in rows]
        ).delete()
        PollAnswer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["slot", "user"],
            update_fields=["answer"],
        )
    return {row.slot_id: row.answer for row in rows}


def poll_results(poll, user=None):
    """Per slot: the slot, its counts per answer, who answered what, and
    ``user``'s own answer."""
    slots = list(poll.slots.all())
    answers = PollAnswer.objects.filter(slot__poll=poll).select_related("user")
    by_slot = {slot.pk: {value: [] for value in Answer.values} for slot in slots}
    mine = {}
    for row in answers:
        by_slot[row.slot_id][row.answer].append(row.user)
        if user is not None and row.user_id == user.pk:
            mine[row.slot_id] = row.answer
    return [
        {
            "slot": slot,
            "counts": {value: len(people) for value, people in by_slot[slot.pk].items()},
            "people": by_slot[slot.pk],
            "mine": mine.get(slot.pk),
        }
        for slot in slots
    ]


def voters(poll):
    """People who voted in ``poll``."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(poll_answers__slot__poll=poll).distinct()


def fix_slot(poll, slot_id, user):
    """The owner (workspace owners, or the member who made the poll) fixes a
    slot: the poll closes, the slot becomes an event and the voters are
    notified. Returns the event."""
    workspace = poll.workspace
    if not can_manage(workspace, user, poll.created_by_id):
        raise PermissionDenied(_("Nur die Verantwortlichen können den Termin festlegen."))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("workspace__page").get(pk=poll.pk)
        if poll.closed:
            raise ValidationError({"slot": [_("Für diese Umfrage steht der Termin bereits fest.")]})
        try:
            slot = poll.slots.get(pk=int(slot_id))
        except (TypeError, ValueError, PollSlot.DoesNotExist):
            raise ValidationError({"slot": [_("Bitte wählen Sie einen der Vorschläge.")]}) from None
        event = Event.objects.create(
            workspace=workspace,
            title=poll.title,
            start=slot.start,
            end=slot.end,
            place=poll.place,
            description=poll.description,
            created_by=user,
        )
        poll.fixed_slot = slot
        poll.event = event
        poll.closed = True
        poll.save(update_fields=["fixed_slot", "event", "closed"])
        when = timezone.localtime(slot.start)
        notify(
            [p for p in voters(poll) if can_view_page(p, workspace.page)],
            Kind.POLL,
            _("Termin festgelegt: %(title)s am %(when)s")
            % {"title": poll.title, "when": when.strftime("%d.%m.%Y %H:%M")},
            url=event_url(event),
            page=workspace.page,
            actor=user,
        )
    return event


# --- feed tokens -------------------------------------------------------------------------


def active_token(user, create=True):
    """The person's active feed token (made on first use when ``create``)."""
    token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
    if token is None and create:
        with transaction.atomic():
            token, _created = CalendarToken.objects.get_or_create(user=user, revoked_at=None)
    return token


def revoke_token(user, renew=True):
    """Revoke the active token (every old feed URL then answers 404) and,
    when ``renew``, issue a new one. Returns the new token or None."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        return CalendarToken.objects.create(user=user) if renew else None


def user_for_token(value):
    """The active person whose active token is ``value``, else None."""
    if not isinstance(value, str) or not 20 <= len(value) <= 64:
        return None
    token = (
        CalendarToken.objects.filter(value=value, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user


def feed_events(user, workspace=None):
    """Events of a feed: of ``workspace`` (which the caller checked), or for
    the personal feed the events of every visible workspace the person
    belongs to plus those they accepted elsewhere, without the ones they
    declined. Never an event of a workspace the person cannot read."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    events = Event.objects.filter(
        workspace__in=visible_workspaces(user), end__gte=since
    ).select_related("workspace__page")
    if workspace is not None:
        return events.filter(workspace=workspace)
    from django.db.models import Q

    mine = WorkspaceMembership.objects.filter(user=user).values("workspace_id")
    accepted = Rsvp.objects.filter(user=user, answer__in=(Answer.YES, Answer.MAYBE)).values(
        "event_id"
    )
    declined = Rsvp.objects.filter(user=user, answer=Answer.NO).values("event_id")
    return events.filter(Q(workspace_id__in=mine) | Q(pk__in=accepted)).exclude(pk__in=declined)


# --- reminders ---------------------------------------------------------------------------


def due_reminders(now=None):
    """``[(event, user)]``: attendees (yes or maybe) of events starting in
    the next 24 hours who were not reminded of this start yet and can still
    read the workspace."""
    now = now or timezone.now()
    events = Event.objects.filter(
        start__gt=now, start__lte=now + REMINDER_HORIZON, workspace__status=Workspace.Status.ACTIVE
    ).select_related("workspace__page")
    due = []
    for event in events:
        sent = set(
            EventReminder.objects.filter(event=event, start=event.start).values_list(
                "user_id", flat=True
            )
        )
        for person in event.attendees().order_by("pk"):
            if person.pk not in sent and can_view_page(person, event.workspace.page):
                due.append((event, person))
    return due


def send_reminder(event, person):
    """Notify one attendee and remember it (nothing when already sent)."""
    with transaction.atomic():
        _reminder, created = EventReminder.objects.get_or_create(
            event=event, user=person, start=event.start
        )
        if created:
            when = timezone.localtime(event.start)
            notify(
                [person],
                Kind.EVENT,
                _("Termin am %(when)s: %(title)s")
                % {"title": event.title, "when": when.strftime("%d.%m.%Y %H:%M")},
                url=event_url(event),
                page=event.workspace.page,
            )
    return created
