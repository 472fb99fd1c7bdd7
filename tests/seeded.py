"""The seeded demo for one test module: seeded once inside a transaction that is
rolled back when the module is done (seeding takes a while; every test then
runs in a savepoint inside it)."""

from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings


@contextmanager
def seeded_demo(django_db_blocker, **settings):
    """Seed the demo with ``settings`` overridden (at least ``MEDIA_ROOT``: the
    module's own folder), yield, then roll every row back."""
    with django_db_blocker.unblock(), override_settings(**settings):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def restore_migrated_baseline():
    """Put back what migrations created (root page, locale, content types) when a
    transactional test emptied the tables before: Django's serialized rollback
    restores its snapshot at the start of a test, not at its end. The snapshot
    exists because every transactional test of the suite asks for
    ``serialized_rollback`` (tests/conftest.py enforces it)."""
    from django.contrib.contenttypes.models import ContentType

    import pytest
    from wagtail.models import Page

    if Page.objects.filter(depth=1).exists():
        return
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        pytest.fail("Die Testdatenbank ist leer und es gibt keinen Schnappschuss der Migrationen.")
    connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()
