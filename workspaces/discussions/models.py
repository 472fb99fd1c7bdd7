"""Discussions of a workspace: threads with posts, the edit history of each
post, and who follows which thread.

Reading follows the workspace page (its view restriction); nothing here
carries rights of its own. Writing and moderating are decided by the role
in the workspace (see services.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Limits of what people type; services.py checks them with clear messages.
TITLE_MAX = 200
BODY_MAX = 10_000


class Thread(models.Model):
    """A topic in a workspace: a title and its posts (the first one opens it)."""

    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("Arbeitsraum"),
        on_delete=models.CASCADE,
        related_name="threads",
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Begonnen von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Begonnen am"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("Letzte Aktivität"), default=timezone.now)
    locked = models.BooleanField(_("Geschlossen"), default=False)
    pinned = models.BooleanField(_("Angeheftet"), default=False)

    class Meta:
        verbose_name = _("Diskussion")
        verbose_name_plural = _("Diskussionen")
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "-pinned", "-last_activity_at"])]

    def __str__(self):
        return self.title


class Post(models.Model):
    """One contribution to a thread: plain text with simple formatting
    (rendered safely by formatting.py). Owners may hide it; its author may
    edit it, and every earlier wording is kept as a PostRevision."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("Diskussion"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("Text"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("Verfasst am"), default=timezone.now)
    edited_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("Ausgeblendet am"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ausgeblendet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # People mentioned with @ who were allowed to see the workspace: their
    # mentions are rendered as links, and each is notified once.
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Erwähnt"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self):
        return f"{self.thread}: {self.body[:50]}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class PostRevision(models.Model):
    """An earlier wording of a post, kept when its author changed it."""

    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField(_("Früherer Text"))
    # When this wording was replaced, and by whom.
    edited_at = models.DateTimeField(_("Geändert am"), default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geändert von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Frühere Fassung")
        verbose_name_plural = _("Frühere Fassungen")
        ordering = ["edited_at", "pk"]

    def __str__(self):
        return f"{self.post_id} @ {self.edited_at:%Y-%m-%d %H:%M}"


class Subscription(models.Model):
    """Whether a person follows a thread (notified of replies). Unsubscribing
    keeps the row with ``active=False``, so replying later does not sign the
    person up again against their choice."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("Diskussion"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="discussion_subscriptions",
    )
    active = models.BooleanField(_("Aktiv"), default=True)
    created_at = models.DateTimeField(_("Seit"), default=timezone.now)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="unique_thread_subscription")
        ]

    def __str__(self):
        return f"{self.user} → {self.thread}"
