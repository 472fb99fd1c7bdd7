"""E-mails of the notification centre: one mail at once, or a daily digest.

Mails go through Django's mail API; the project's e-mail backend queues them
as tasks. Every mail is built from ``visible_notifications`` of its recipient
at sending time, so a notification about something the person may no longer
see is never mailed, and ``emailed_at`` makes sending idempotent."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Delivery, Kind, Notification
from .services import kinds_with_delivery, visible_notifications


def absolute(url):
    """A site URL as an absolute address for mails (WAGTAILADMIN_BASE_URL)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}/{url.lstrip('/')}"


def _context(user, notifications):
    return {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "items": [
            {
                "kind": Kind(n.kind).label,
                "title": n.title,
                "url": absolute(n.url),
                "created_at": timezone.localtime(n.created_at),
            }
            for n in notifications
        ],
        "centre_url": absolute(reverse("notifications:index")),
        "settings_url": absolute(reverse("notifications:preferences")),
    }


def _send(user, subject, template, notifications):
    """Mail ``notifications`` to ``user`` and mark them mailed (all or nothing)."""
    with translation.override("de"):
        body = render_to_string(template, _context(user, notifications))
    with transaction.atomic():
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
        send_mail(subject, body, None, [user.email])


def send_immediate(notification_ids):
    """Mail each of these notifications at once to its recipient, if the
    recipient may see it, has an address and it was not mailed yet. Returns
    the number of mails sent."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_user = {}
    for notification in pending:
        by_user.setdefault(notification.recipient_id, notification.recipient)
    sent = 0
    for user in by_user.values():
        if not user.is_active or not user.email:
            continue
        visible = list(
            visible_notifications(user)
            .filter(pk__in=notification_ids, emailed_at__isnull=True)
            .order_by("created_at")
        )
        for notification in visible:
            with translation.override("de"):
                subject = _("Intranet: %(title)s") % {"title": notification.title}
            _send(user, subject[:200], "notifications/mail_immediate.txt", [notification])
            sent += 1
    return sent


def digest_candidates(user):
    """The notifications the next digest mails to ``user``: visible, unread,
    not yet mailed, of the kinds they receive by digest, oldest first."""
    kinds = kinds_with_delivery(user, Delivery.DIGEST)
    if not kinds or not user.email or not user.is_active:
        return []
    return list(
        visible_notifications(user)
        .filter(kind__in=kinds, emailed_at__isnull=True, read_at__isnull=True)
        .order_by("created_at", "pk")
    )


def digest_recipients():
    """People who have at least one unread notification not yet mailed."""
    ids = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True).values(
        "recipient_id"
    )
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


def send_digest(dry_run=False, progress=None):
    """Mail each person one digest of their pending notifications. Returns
    ``(mails, notifications)``; ``progress(user, count)`` is called per person
    who gets a mail. A second run sends nothing new (``emailed_at``)."""
    mails = items = 0
    for user in digest_recipients().iterator():
        notifications = digest_candidates(user)
        if not notifications:
            continue
        if not dry_run:
            with translation.override("de"):
                subject = ngettext(
                    "Intranet: %(count)d neue Benachrichtigung",
                    "Intranet: %(count)d neue Benachrichtigungen",
                    len(notifications),
                ) % {"count": len(notifications)}
            _send(user, subject, "notifications/mail_digest.txt", notifications)
        mails += 1
        items += len(notifications)
        if progress is not None:
            progress(user, len(notifications))
    return mails, items
