"""Notifications: one row per recipient and event, shown in the notification
centre and sent by mail (at once or in the digest) as the recipient chose.

A notification never shows more than its recipient may see: it names the
page or collection that governs what it is about, and the centre, the API
and the mails ask the permission core before showing its title (see
``visible_notifications``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; people choose per kind how it reaches them."""

    MENTION = "mention", _("Erwähnungen")
    REPLY = "reply", _("Antworten in abonnierten Diskussionen")
    DOCUMENT = "document", _("Neue Dokumente und Versionen")
    EVENT = "event", _("Termine")
    POLL = "poll", _("Terminumfragen")
    JOIN_REQUEST = "join_request", _("Beitrittsanfragen")
    MEMBERSHIP = "membership", _("Mitgliedschaften")


class Notification(models.Model):
    """One thing one person should know about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger/in"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=300)
    url = models.CharField(_("Adresse"), max_length=500, blank=True)
    # What governs visibility of the title: a page (the workspace page for
    # workspace tools) and/or a collection (documents).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("Sammlung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ausgelöst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Erstellt am"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("Gelesen am"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("Per E-Mail gesendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.recipient}: {self.title}"


class Delivery(models.TextChoices):
    """How notifications of one kind reach a person."""

    OFF = "off", _("Gar nicht")
    SITE = "site", _("Nur im Intranet")
    IMMEDIATE = "immediate", _("Im Intranet und sofort per E-Mail")
    DIGEST = "digest", _("Im Intranet und in der täglichen E-Mail-Zusammenfassung")


# What reaches a person who has not chosen: things addressed to them personally
# at once, the rest once a day.
DEFAULT_DELIVERY = {
    Kind.MENTION: Delivery.IMMEDIATE,
    Kind.JOIN_REQUEST: Delivery.IMMEDIATE,
    Kind.REPLY: Delivery.DIGEST,
    Kind.DOCUMENT: Delivery.DIGEST,
    Kind.EVENT: Delivery.DIGEST,
    Kind.POLL: Delivery.DIGEST,
    Kind.MEMBERSHIP: Delivery.DIGEST,
}


class NotificationPreference(models.Model):
    """A person's choice of how notifications of one kind reach them. Kinds
    without a row follow ``DEFAULT_DELIVERY``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    delivery = models.CharField(_("Zustellung"), max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} → {self.get_delivery_display()}"
