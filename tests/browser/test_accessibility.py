"""axe-core on every page type at a phone's and a desktop's width: any WCAG 2.1
A or AA violation fails the test. No rule is switched off."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from home import models as home
from tests.browser.conftest import WIDTHS

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def first_url(model):
    """The URL of the first live page of a type in the demo (tree order)."""
    return model.objects.live().order_by("path").first().url


def statement_url():
    """The accessibility statement of the demo."""
    return first_url(home.AccessibilityStatementPage)


def workspace_url(rest=""):
    """A page of the demo workspace „Projekt Digitale Akte“ (owner: ``projekt``)."""
    from workspaces.models import WorkspacePage

    return WorkspacePage.objects.get(title="Projekt Digitale Akte").url + rest


# (name, who reads it, how to find its URL in the seeded demo)
PAGE_TYPES = [
    ("start page", "mitarbeiter", lambda: "/"),
    ("news index", "mitarbeiter", lambda: first_url(home.NewsIndexPage)),
    ("news page", "mitarbeiter", lambda: first_url(home.NewsPage)),
    ("information area", "mitarbeiter", lambda: first_url(home.InformationAreaPage)),
    ("form register", "mitarbeiter", lambda: first_url(home.FormIndexPage)),
    ("form page", "mitarbeiter", lambda: first_url(home.FormPage)),
    ("instruction register", "mitarbeiter", lambda: first_url(home.ServiceInstructionIndexPage)),
    ("instruction page", "mitarbeiter", lambda: first_url(home.ServiceInstructionPage)),
    ("help index", "mitarbeiter", lambda: first_url(home.HelpIndexPage)),
    ("tutorial", "mitarbeiter", lambda: first_url(home.TutorialPage)),
    ("content page", "mitarbeiter", lambda: first_url(home.ContentPage)),
    ("office index", "jugendamt", lambda: "/aemter/"),
    ("office intranet", "jugendamt", lambda: "/aemter/amt-51/"),
    ("search page", "mitarbeiter", lambda: "/suche/?q=Urlaub"),
    ("accessibility statement", "mitarbeiter", lambda: statement_url()),
    ("feedback thank-you page", "mitarbeiter", lambda: statement_url() + "danke/"),
    ("profile", "projekt", lambda: "/profil/"),
    ("notification centre", "projekt", lambda: "/benachrichtigungen/"),
    ("notification settings", "projekt", lambda: "/benachrichtigungen/einstellungen/"),
    ("workspace index", "projekt", lambda: "/arbeitsraeume/"),
    ("new workspace form", "gast", lambda: "/arbeitsraeume/neu/"),
    ("workspace page", "projekt", lambda: workspace_url()),
    ("workspace documents", "projekt", lambda: workspace_url("dokumente/")),
    ("workspace calendar", "projekt", lambda: workspace_url("kalender/")),
    ("workspace polls", "projekt", lambda: workspace_url("kalender/umfragen/")),
    ("workspace discussions", "projekt", lambda: workspace_url("diskussionen/")),
    ("new discussion form", "projekt", lambda: workspace_url("diskussionen/neu/")),
    ("workspace glossary", "projekt", lambda: workspace_url("glossar/")),
    ("login page", "anonymous", lambda: "/anmelden/"),
    ("404 page", "mitarbeiter", lambda: "/gibt-es-nicht/"),
]

_axe = Axe()


def describe(violations):
    """One readable line per violation and affected element."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')!r}"[:400])
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "reader", "url"), PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_no_wcag_21_aa_violations(request, new_page, name, reader, url, width):
    """Zero axe violations of WCAG 2.1 A and AA."""
    context = request.getfixturevalue(reader)
    page = new_page(context, width)
    address = url()
    response = page.goto(address)
    expected = 404 if name == "404 page" else 200
    assert response.status == expected, f"{address} answered {response.status}"
    # A redirect to the login form would answer 200 too, and check the wrong page.
    assert reader == "anonymous" or "/anmelden/" not in page.url, f"{address} asked for login"
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{name} {address} at {width} px:\n{describe(violations)}"


def test_axe_finds_a_violation_when_there_is_one(anonymous, new_page):
    """Guards the guard: zero violations above mean something only if axe runs
    with these options and reports what it finds."""
    page = new_page(anonymous)
    page.goto("/anmelden/")
    page.set_content(
        '<html lang="de"><head><title>Probe</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#aaa;background:#fff">blass</p></main></body></html>'
    )
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in violations}
