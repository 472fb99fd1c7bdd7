"""``make screenshots``: PNGs of the pages readers use most, at a phone's and a
desktop's width, into SCREENSHOTS_DIR (``screenshots/``, not committed).

Not collected by the test suite (its name does not start with ``test_``); the
make target passes it to pytest explicitly, which reuses the seeded demo and the
browser fixtures of this folder."""

import os
from pathlib import Path

import pytest

from home.models import ServiceInstructionPage
from tests.browser.conftest import WIDTHS
from tests.browser.test_accessibility import statement_url, workspace_url

pytestmark = pytest.mark.browser


def search_page(page):
    """The search page with results."""
    response = page.goto("/suche/?q=Urlaub")
    assert response.status == 200


def instruction(page):
    """The first service instruction in force (tree order)."""
    page.goto(ServiceInstructionPage.objects.live().order_by("path").first().url)


# (file name, reader, how to get there)
SHOTS = [
    ("startseite", "mitarbeiter", lambda page: page.goto("/")),
    ("dienstanweisung", "mitarbeiter", instruction),
    ("suche", "mitarbeiter", search_page),
    ("amts-intranet", "jugendamt", lambda page: page.goto("/aemter/amt-51/")),
    ("arbeitsraum", "projekt", lambda page: page.goto(workspace_url())),
    ("arbeitsraum-kalender", "projekt", lambda page: page.goto(workspace_url("kalender/"))),
    ("barrierefreiheit", "mitarbeiter", lambda page: page.goto(statement_url())),
    ("profil", "projekt", lambda page: page.goto("/profil/")),
]


@pytest.fixture(scope="module")
def target():
    """The folder the PNGs go to."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR", "screenshots")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "reader", "visit"), SHOTS, ids=[s[0] for s in SHOTS])
def test_screenshot(request, new_page, target, name, reader, visit, width):
    """One full-page PNG per page and width."""
    page = new_page(request.getfixturevalue(reader), width)
    visit(page)
    assert "/anmelden/" not in page.url
    path = target / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
