"""Creating notifications. Tools call ``notify`` after their change is saved."""

from .models import Notification


def notify(recipients, kind, title, url="", page=None, collection=None, actor=None):
    """Notify each of ``recipients`` (users) about one event of ``kind`` (a
    ``models.Kind`` value). ``page`` / ``collection`` govern who may see the
    title: the workspace page for workspace tools, the collection for
    documents. The actor is never notified about their own action. Returns
    the created notifications."""
    seen = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        if not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                title=str(title)[:300],
                url=url or "",
                page=page,
                collection=collection,
                actor=actor,
            )
        )
    return Notification.objects.bulk_create(rows)
