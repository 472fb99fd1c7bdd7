"""The accessibility statement with its feedback form and the profile, in a
real browser: reached from the footer and the user menu, a message sent and
thanked for, bad input explained, axe clean in every state at both widths."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from home.models import AccessibilityFeedback
from tests.browser.conftest import WIDTHS
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

_axe = Axe()


def assert_axe_clean(page, what):
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what} at {page.viewport_size['width']} px:\n{describe(violations)}"


def test_send_feedback_from_the_footer(mitarbeiter, new_page):
    """From a form page, the footer leads to the statement; the page address is
    filled in, the person writes a message and gets the German thank-you page."""
    page = new_page(mitarbeiter)
    page.goto("/formulare/verzeichnis/")
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Erklärung zur Barrierefreiheit"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erklärung zur Barrierefreiheit")
    expect(page.get_by_label("Seite, auf der das Problem auftritt")).to_have_value(
        "/formulare/verzeichnis/"
    )
    expect(page.get_by_label("E-Mail für die Antwort")).not_to_have_value("")
    text = "Die Filter im Formularverzeichnis sind mit dem Screenreader schwer zu finden."
    page.get_by_label("Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page).to_have_url(re.compile(r"/danke/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Rückmeldung")
    feedback = AccessibilityFeedback.objects.get(message=text)
    assert feedback.page_url == "/formulare/verzeichnis/"
    assert feedback.status == AccessibilityFeedback.Status.OPEN


@pytest.mark.parametrize("width", WIDTHS)
def test_feedback_errors_are_announced_and_accessible(mitarbeiter, new_page, width):
    page = new_page(mitarbeiter, width)
    page.goto("/barrierefreiheit/")
    count = AccessibilityFeedback.objects.count()
    page.get_by_label("E-Mail für die Antwort").fill("keine-adresse")
    page.get_by_role("button", name="Nachricht senden").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Bitte beschreiben Sie das Problem")
    expect(alert).to_contain_text("gültige E-Mail-Adresse")
    expect(page.get_by_label("Ihre Nachricht")).to_have_attribute("aria-invalid", "true")
    assert AccessibilityFeedback.objects.count() == count
    assert_axe_clean(page, "feedback form with errors")


@pytest.mark.parametrize("width", WIDTHS)
def test_profile_through_the_user_menu(projekt, new_page, width):
    """The user menu opens „Meine Bereiche“: profile, offices, workspaces."""
    page = new_page(projekt, width)
    page.goto("/")
    if width < 768:
        page.get_by_role("button", name="Menü").click()
    page.locator("summary.user-name").click()
    quick = page.get_by_role("navigation", name="Meine Bereiche")
    expect(quick.get_by_role("link", name="Projekt Digitale Akte")).to_be_visible()
    assert_axe_clean(page, "start page with the user menu open")
    quick.get_by_role("link", name="Mein Profil").click()
    expect(page).to_have_url(re.compile(r"/profil/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Profil")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Petra Projekt")
    expect(main).to_contain_text("Rolle: Verantwortlich")
    expect(main.get_by_role("link", name="Benachrichtigungen einstellen")).to_have_attribute(
        "href", "/benachrichtigungen/einstellungen/"
    )


def test_profile_of_someone_in_nothing(gast, new_page):
    page = new_page(gast)
    page.goto("/profil/")
    expect(page.get_by_role("main")).to_contain_text("Sie sind in keinem Arbeitsraum Mitglied.")
    expect(page.get_by_role("main")).not_to_contain_text("Digitale Akte")
