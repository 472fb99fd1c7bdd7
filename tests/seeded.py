"""The seeded demo for one test module: seeded once inside a transaction that is
rolled back when the module is done (seeding takes a while; every test then
runs in a savepoint inside it)."""

from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
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
