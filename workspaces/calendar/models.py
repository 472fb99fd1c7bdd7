"""Appointments of a workspace: events with RSVP, scheduling polls, and the
secret per-person token that opens the iCal feeds to calendar programs.

Who may read any of this is decided by the workspace page's view
restriction (through the permission core); who may write by the role in
the workspace (owners and members, never in an archived workspace)."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    """An answer to an invitation or to a slot of a poll."""

    YES = "yes", _("Ja")
    MAYBE = "maybe", _("Vielleicht")
    NO = "no", _("Nein")


class Event(models.Model):
    """An appointment in a workspace. All-day events keep local midnight of
    their first and last day in ``start`` and ``end`` (the last day
    included)."""

    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("Arbeitsraum"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    title = models.CharField(_("Titel"), max_length=200)
    start = models.DateTimeField(_("Beginn"), db_index=True)
    end = models.DateTimeField(_("Ende"))
    all_day = models.BooleanField(_("Ganztägig"), default=False)
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    online_link = models.URLField(_("Online-Link"), max_length=500, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=10000)
    # Stable across edits, so calendar programs update rather than duplicate.
    uid = models.UUIDField(_("Kennung"), default=uuid.uuid4, unique=True, editable=False)
    # RFC 5545 SEQUENCE: raised on every change of time or place.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_past(self):
        return self.end < timezone.now()

    def ical_end(self):
        """DTEND as RFC 5545 wants it: exclusive, so the day after for all-day events."""
        if self.all_day:
            return timezone.localtime(self.end).date() + datetime.timedelta(days=1)
        return self.end

    def attendees(self):
        """People who said they come (yes or maybe)."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(
            calendar_rsvps__event=self,
            calendar_rsvps__answer__in=(Answer.YES, Answer.MAYBE),
            is_active=True,
        )


class Rsvp(models.Model):
    """One person's answer to one event; answering again replaces it."""

    event = models.ForeignKey(
        Event, verbose_name=_("Termin"), on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="calendar_rsvps",
    )
    answer = models.CharField(_("Antwort"), max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(_("Beantwortet am"), default=timezone.now)

    class Meta:
        verbose_name = _("Zu- oder Absage")
        verbose_name_plural = _("Zu- und Absagen")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_rsvp_per_event_and_user")
        ]

    def __str__(self):
        return f"{self.user} → {self.event}: {self.get_answer_display()}"


class EventReminder(models.Model):
    """A reminder that was sent, so ``send_event_reminders`` sends each one
    once. The start is part of it: a moved event is reminded of again."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Terminerinnerung")
        verbose_name_plural = _("Terminerinnerungen")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "start"], name="one_reminder_per_event_start_and_user"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.event}"


def new_token_value():
    """43 url-safe characters from 32 random bytes."""
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's iCal feed URLs. Calendar programs cannot
    sign in, so whoever knows the URL reads the feed; revoking it (and
    issuing a new one) locks out every old copy. The value is kept so the
    person can see their subscription URLs again; it opens nothing but the
    feeds, which show only what the person may see anyway."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    value = models.CharField(_("Token"), max_length=64, unique=True, default=new_token_value)
    created_at = models.DateTimeField(_("Erstellt am"), default=timezone.now)
    revoked_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kalender-Token")
        verbose_name_plural = _("Kalender-Tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_token_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} ({'widerrufen' if self.revoked_at else 'aktiv'})"


class Poll(models.Model):
    """A scheduling poll: proposed slots, members answer yes/maybe/no per
    slot, the owner fixes one slot and it becomes an event."""

    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("Arbeitsraum"),
        on_delete=models.CASCADE,
        related_name="polls",
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=10000)
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    closed = models.BooleanField(_("Abgeschlossen"), default=False)
    fixed_slot = models.OneToOneField(
        "PollSlot",
        verbose_name=_("Festgelegter Termin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.OneToOneField(
        Event,
        verbose_name=_("Daraus entstandener Termin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="poll",
    )

    class Meta:
        verbose_name = _("Terminumfrage")
        verbose_name_plural = _("Terminumfragen")
        ordering = ["closed", "-created_at", "-pk"]

    def __str__(self):
        return self.title


class PollSlot(models.Model):
    """One proposed time of a poll."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("Umfrage"), on_delete=models.CASCADE, related_name="slots"
    )
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))

    class Meta:
        verbose_name = _("Terminvorschlag")
        verbose_name_plural = _("Terminvorschläge")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="poll_slot_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.poll}: {timezone.localtime(self.start):%d.%m.%Y %H:%M}"


class PollAnswer(models.Model):
    """A person's answer to one slot; their vote is the set of these rows."""

    slot = models.ForeignKey(
        PollSlot, verbose_name=_("Vorschlag"), on_delete=models.CASCADE, related_name="answers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="poll_answers",
    )
    answer = models.CharField(_("Antwort"), max_length=10, choices=Answer.choices)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="one_answer_per_slot_and_user")
        ]

    def __str__(self):
        return f"{self.user} → {self.slot}: {self.get_answer_display()}"
