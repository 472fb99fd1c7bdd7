"""Shared fixtures: a site whose root is the start page, and people."""

from django.core.cache import cache

import pytest
from wagtail.models import Page, Site

from tests import factories
from tests.seeded import restore_migrated_baseline

# Folders whose tests share package-scoped fixtures (the browser tests: one
# seeded demo, one live server, one Chromium): one scope, so one worker.
SHARED_FOLDERS = ("tests/browser/",)


def pytest_xdist_make_scheduler(config, log):
    """``-n N --dist loadscope`` (scripts/test.sh): each module, or each folder of
    SHARED_FOLDERS, runs whole on one worker, so module- and package-scoped
    fixtures (``seeded_demo``, the live server, Chromium) are set up once.

    Not ``--dist loadgroup`` with ``xdist_group`` marks: pytest-xdist 3.8 groups
    by rewriting ``item._nodeid``, which pytest 9.2's structured node ids ignore,
    so the marks silently do nothing (pytest-dev/pytest-xdist#1386)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SuiteScheduling(LoadScopeScheduling):
        """Scopes are modules (classes), and whole folders of SHARED_FOLDERS."""

        def _split_scope(self, nodeid):
            for folder in SHARED_FOLDERS:
                if nodeid.startswith(folder):
                    return folder
            return super()._split_scope(nodeid)

    return SuiteScheduling(config, log)


def _transactional(item):
    """Whether pytest-django runs the test outside a rolled-back transaction
    (the same rule it sorts by)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test database, with its migrated snapshot available to
    every connection object of the default database.

    Django keeps the snapshot that serialized rollback restores on the
    connection object (``_test_serialized_contents``). Django's connection
    handler is context-local, and a test that runs Chromium through
    Playwright's greenlets, or a live server, can leave the next test with a
    fresh connection object without it. Such a test then skips the restore,
    and its flush re-runs post_migrate (content types, permissions), so the
    next restore collides with what is there. One database, one snapshot: it
    is kept on the class of the database wrapper (not on that of
    ``django.db.connection``, a proxy that Django's test case never asks)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    wrapper = connections[DEFAULT_DB_ALIAS]
    snapshot = getattr(wrapper, "_test_serialized_contents", None)
    if snapshot:
        type(wrapper)._test_serialized_contents = snapshot


def pytest_collection_modifyitems(config, items):
    _require_serialized_rollback(items)


def _require_serialized_rollback(items):
    """Refuse a transactional test without ``serialized_rollback``: its flush would
    leave the tables empty (no root page, no locale) for the tests that run after
    it, and they would fail far away from the cause."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: django_db(transaction=True) needs serialized_rollback=True"
            )


def _uses_db(item):
    return bool(item.get_closest_marker("django_db")) or "db" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test (whose teardown flushes the tables) put back what
    migrations created when the next test on this process expects it. pytest-django
    orders transactional tests last, so in a serial run this never has to act; it
    keeps a worker honest whatever order the scheduler hands it."""
    result = yield
    # A transactional next test restores the snapshot itself.
    if (
        nextitem is not None
        and _transactional(item)
        and _uses_db(nextitem)
        and not _transactional(nextitem)
    ):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_migrated_baseline()
    return result


@pytest.fixture(autouse=True)
def _content_types_of_the_snapshot(request):
    """A transactional test starts from the restored snapshot; Django's
    process-wide ContentType cache may still hold ids of content types that a
    flush without restore (post_migrate) created anew and that no longer exist.
    The cache is emptied and filled again with every model's content type of
    the snapshot: filled, not merely emptied, because signal handlers that run
    while the next snapshot is restored would otherwise create content types
    that then collide with the snapshot's own rows."""
    if _transactional(request.node):
        request.getfixturevalue("_django_db_helper")
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, and no cached
    rendition or rate-limit counter leaks from one test into the next."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def home_page(db):
    """The start page as the root of the default site (replacing Wagtail's welcome page)."""
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root, slug="start")
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.pk != home.pk and old_root.specific_class.__name__ != "HomePage":
        old_root.delete()
    return Page.objects.get(pk=home.pk).specific


@pytest.fixture
def news_index(home_page):
    return factories.NewsIndexPageFactory(parent=home_page, slug="nachrichten")


@pytest.fixture
def user(db):
    """An ordinary employee."""
    return factories.UserFactory(username="erika")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="chefin", is_superuser=True, is_staff=True)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
