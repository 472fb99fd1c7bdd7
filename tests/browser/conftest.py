"""Browser fixtures: the demo intranet served by a live server, and Debian's
Chromium driven by Playwright.

The demo is seeded once for this folder and committed, so the server thread
(which has its own database connection on PostgreSQL) sees it. pytest-django's
``live_server`` fixture cannot be used for that: it pulls in ``transactional_db``,
which flushes the database after every test. The tests carry ``django_db`` only so
that pytest-django creates the test database; they read and never write. When the
folder is done, the snapshot taken before seeding is restored, so the tests that
run later never see the demo.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

import pytest

from tests.seeded import restore_migrated_baseline

# Playwright's sync API runs an event loop in the main thread; Django would then
# refuse every ORM call of the tests (they look pages up) as "async unsafe". The
# calls are plain synchronous ones, so Playwright's own advice applies.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium; Playwright must never download a browser of its own.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Needed on these machines: no sandbox as root, no GPU, no network chatter.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A phone (many employees are not at a desk) and a desktop.
WIDTHS = (390, 1280)
HEIGHT = {390: 844, 1280: 800}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test in this folder drives the browser and needs the test database
    (pytest-django creates it only when some collected test asks for it).

    ``tryfirst``: pytest-django sorts the collected tests by their database
    marks in a hook of its own (database tests first, transactional ones
    after). Marked only after that sorting, these tests would count as tests
    without a database and run last, after the transactional tests, whose
    flush empties the tables the demo seeding expects from the migrations."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _django_db_marker():
    """Overrides pytest-django's handling of the ``django_db`` mark in this folder.

    The mark is here only so that pytest-django creates the test database. Its
    usual per-test transaction would hold locks that the live server waits for
    (on SQLite the server even shares the test's connection) and would roll back
    what the server committed. The demo_site fixture gives database access
    instead, and the snapshot it restores undoes everything at the end."""


@pytest.fixture(autouse=True)
def _media_root():
    """Overrides the suite's per-test media folder: the seeded documents live in
    the session's media folder, and the server must find them in every test."""


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded demo intranet behind a live server, for the tests of this folder
    (package scope: torn down before any later test folder runs); yields its URL."""
    from pytest_django.live_server_helper import LiveServer

    media = tmp_path_factory.mktemp("browser-media")
    # The search page answers from the database fallback: the engine's index is
    # not built for the demo here (tests/search tests the engine itself).
    overrides = override_settings(
        MEDIA_ROOT=media, ALLOWED_HOSTS=["localhost", "127.0.0.1"], ELASTICSEARCH_URL=""
    )
    overrides.enable()
    # The server thread reads the database also between tests (logins of the
    # package-scoped contexts), and pytest-django's blocker is process-wide.
    with django_db_blocker.unblock():
        # pytest-django orders the browser tests before the transactional ones,
        # but a worker of a parallel run may have run one before this folder.
        restore_migrated_baseline()
        snapshot = connection.creation.serialize_db_to_string()
        call_command("seed_demo", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            # Like Django's serialized rollback: empty the tables, put the snapshot back.
            # Sequences keep counting (flush would restart them at 1): the snapshot's
            # rows keep their ids, and the next test's inserts must not collide with them.
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connection.creation.deserialize_db_from_string(snapshot)
            overrides.disable()
        shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(scope="package")
def browser(demo_site):
    """One Chromium for all browser tests (started after the seeding)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} fehlt: scripts/browser.sh installiert Debians Chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def login(context, base_url, username):
    """Log in through the German login form, as a person would."""
    page = context.new_page()
    page.goto(f"{base_url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{base_url}/")
    page.close()


def _context(browser, demo_site, username=None):
    context = browser.new_context(base_url=demo_site, locale="de-DE")
    context.set_default_timeout(15_000)
    if username:
        login(context, demo_site, username)
    return context


@pytest.fixture(scope="package")
def anonymous(browser, demo_site):
    """A browser context of nobody logged in."""
    context = _context(browser, demo_site)
    yield context
    context.close()


@pytest.fixture(scope="package")
def mitarbeiter(browser, demo_site):
    """A browser context of the ordinary employee, logged in once per session."""
    context = _context(browser, demo_site, "mitarbeiter")
    yield context
    context.close()


@pytest.fixture(scope="package")
def jugendamt(browser, demo_site):
    """A browser context of a member of the youth office (Amt 51)."""
    context = _context(browser, demo_site, "jugendamt")
    yield context
    context.close()


@pytest.fixture(scope="package")
def projekt(browser, demo_site):
    """A browser context of the owner of the workspace „Projekt Digitale Akte“."""
    context = _context(browser, demo_site, "projekt")
    yield context
    context.close()


@pytest.fixture(scope="package")
def gast(browser, demo_site):
    """A browser context of the account that is a member of nothing."""
    context = _context(browser, demo_site, "gast")
    yield context
    context.close()


@pytest.fixture
def new_page():
    """Opens pages at a given width and closes them after the test."""
    pages = []

    def open_page(context, width=1280):
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": HEIGHT.get(width, 800)})
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()
