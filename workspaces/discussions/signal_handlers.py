"""Keep the search index in step when threads disappear by any route (an
owner deletes one, or a purged workspace takes its threads along)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from search.sources import schedule

from .models import Thread


@receiver(post_delete, sender=Thread)
def thread_deleted(sender, instance, **kwargs):
    """A deleted thread is removed from the index (its build returns nothing)."""
    schedule("thread", instance.pk)
