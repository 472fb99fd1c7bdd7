"""Creating, reading and choosing notifications.

Tools call ``notify`` after their change is saved. Everything that shows a
notification (the centre, the header badge, the API, the mails) reads it
through ``visible_notifications``, so a title about something the recipient
may no longer see never reaches them."""

from django.db import transaction
from django.utils import timezone

from cms.permissions import hidden_collection_ids, visible_by_page

from .models import DEFAULT_DELIVERY, Delivery, Kind, Notification, NotificationPreference


def notify(recipients, kind, title, url="", page=None, collection=None, actor=None):
    """Notify each of ``recipients`` (users) about one event of ``kind`` (a
    ``models.Kind`` value). ``page`` / ``collection`` govern who may see the
    title: the workspace page for workspace tools, the collection for
    documents. The actor is never notified about their own action, nor is a
    person who switched this kind off. Those who chose mail at once get it
    from a background task. Returns the created notifications."""
    seen = set()
    users = []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        if not user.is_active:
            continue
        seen.add(user.pk)
        users.append(user)
    if not users:
        return []
    chosen = delivery_for_users(seen, kind)
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            title=str(title)[:300],
            url=url or "",
            page=page,
            collection=collection,
            actor=actor,
        )
        for user in users
        if chosen[user.pk] != Delivery.OFF
    ]
    created = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n in created if chosen[n.recipient_id] == Delivery.IMMEDIATE]
    if immediate:
        from .tasks import send_immediate_notifications

        # The task row is written in the caller's transaction: a rolled-back
        # change sends nothing, and the worker sees it only once committed.
        send_immediate_notifications.enqueue(immediate)
    return created


# --- preferences ------------------------------------------------------------------


def delivery_for_users(user_ids, kind):
    """``{user_id: Delivery}`` for one kind and many people (one query)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    default = DEFAULT_DELIVERY.get(kind, Delivery.SITE)
    return {pk: chosen.get(pk, default) for pk in user_ids}


def preferences_for(user):
    """``{kind: Delivery}`` for every kind: the person's choice or the default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY.get(kind, Delivery.SITE)) for kind in Kind}


def set_preferences(user, choices):
    """Store ``{kind: delivery}`` for ``user``; all or nothing. Unknown kinds or
    deliveries raise ``ValueError`` before anything is written."""
    for kind, delivery in choices.items():
        if kind not in Kind.values:
            raise ValueError(kind)
        if delivery not in Delivery.values:
            raise ValueError(delivery)
    with transaction.atomic():
        for kind, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
    return preferences_for(user)


def kinds_with_delivery(user, delivery):
    """The kinds ``user`` receives by ``delivery``."""
    return [kind for kind, chosen in preferences_for(user).items() if chosen == delivery]


# --- reading ----------------------------------------------------------------------


def visible_notifications(user, queryset=None):
    """The notifications addressed to ``user`` that they may see now.

    A notification whose page the user may not read (a view restriction they
    fail, or a page no longer live) or whose collection is hidden from them
    is left out entirely, so its title appears nowhere. Costs the permission
    core's two cached look-ups plus the query itself, whatever the number of
    notifications."""
    queryset = Notification.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    queryset = visible_by_page(user, queryset.filter(recipient=user), "page")
    hidden = hidden_collection_ids(user)
    if hidden:
        queryset = queryset.exclude(collection_id__in=hidden)
    return queryset


def unread_count(user):
    """How many visible notifications ``user`` has not read."""
    return visible_notifications(user).filter(read_at__isnull=True).count()


def mark_read(user, notification_id):
    """Mark one visible notification read; None when there is none with that id."""
    notification = visible_notifications(user).filter(pk=notification_id).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user):
    """Mark every visible unread notification of ``user`` read; returns how many."""
    unread = visible_notifications(user).filter(read_at__isnull=True)
    return Notification.objects.filter(pk__in=unread.values("pk")).update(read_at=timezone.now())
