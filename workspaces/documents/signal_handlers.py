"""Earlier versions' files go when their row goes (e.g. with the document or
its workspace), once the deletion is committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import DocumentVersion


@receiver(post_delete, sender=DocumentVersion)
def delete_version_file(sender, instance, **kwargs):
    """Remove the stored file of a deleted earlier version (the current
    version's file belongs to the document, which Wagtail cleans up)."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
