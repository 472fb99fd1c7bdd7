"""What the owner of a workspace does in it, in a real browser (demo account
``projekt`` in „Projekt Digitale Akte“): upload a document, post in a
discussion and answer a poll; each page reached is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import workspace_url
from tests.browser.test_statement_and_profile import assert_axe_clean

pytestmark = pytest.mark.browser

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_upload_a_document(projekt, new_page):
    page = new_page(projekt)
    page.goto(workspace_url("dokumente/"))
    upload = page.locator("form.upload-form")
    upload.get_by_label("Titel").fill("Protokoll Lenkungskreis")
    upload.locator("input[type=file]").set_input_files(
        {"name": "protokoll.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    upload.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("main")).to_contain_text("Protokoll Lenkungskreis")
    link = page.get_by_role("link", name="Protokoll Lenkungskreis").first
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll Lenkungskreis")
    assert_axe_clean(page, "document detail")


@pytest.mark.parametrize("width", [390, 1280])
def test_post_in_a_discussion(projekt, new_page, width):
    page = new_page(projekt, width)
    page.goto(workspace_url("diskussionen/"))
    page.get_by_role("link", name="Neue Diskussion beginnen").click()
    title = f"Scan-Prozess im Pilotamt ({width})"
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Ihr Beitrag").fill("Wie gehen wir mit Altakten um?")
    page.get_by_role("button", name="Diskussion eröffnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.get_by_label("Ihr Beitrag").fill("Altakten scannen wir nur bei Bedarf.")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(page.get_by_role("main")).to_contain_text("Altakten scannen wir nur bei Bedarf.")
    assert_axe_clean(page, "discussion thread")


def test_answer_a_poll(projekt, new_page):
    page = new_page(projekt)
    page.goto(workspace_url("kalender/umfragen/"))
    hrefs = (
        page.get_by_role("main")
        .locator("a")
        .evaluate_all("links => links.map(link => link.getAttribute('href'))")
    )
    polls = [href for href in hrefs if re.search(r"/umfragen/\d+/$", href or "")]
    assert polls, "the demo has a running poll"
    page.goto(polls[0])
    expect(page).to_have_url(re.compile(r"/kalender/umfragen/\d+/$"))
    groups = page.locator("fieldset.answer-group")
    assert groups.count() >= 1, "the demo poll has proposals to answer"
    groups.first.get_by_label("Ja").check()
    if groups.count() > 1:
        groups.nth(1).get_by_label("Nein").check()
    page.get_by_role("button", name="Stimme speichern").click()
    expect(page.locator("fieldset.answer-group").first.get_by_label("Ja")).to_be_checked()
    assert_axe_clean(page, "poll")
