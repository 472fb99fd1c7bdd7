"""Keep the search index in step with events (connected in AppConfig.ready())."""

from django.db.models.signals import post_delete, post_save

from search.sources import schedule

from .models import Event


def event_changed(sender, instance, **kwargs):
    """Saved → re-indexed; deleted (also with its workspace) → removed."""
    schedule("event", instance.pk)


def connect():
    post_save.connect(event_changed, sender=Event, dispatch_uid="calendar-event-saved")
    post_delete.connect(event_changed, sender=Event, dispatch_uid="calendar-event-deleted")
