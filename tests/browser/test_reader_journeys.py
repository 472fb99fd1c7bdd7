"""What a reader does in the intranet, in a real browser: log in, read the start
page and a news article, find a form and download it, open an office intranet as
a member and be refused as a non-member."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_login_through_the_german_form(browser, demo_site, new_page):
    """A fresh visitor is sent to the login form and lands on the start page."""
    context = browser.new_context(base_url=demo_site, locale="de-DE")
    try:
        page = new_page(context)
        page.goto("/nachrichten/")
        expect(page).to_have_url(re.compile(r"/anmelden/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
        login(context, demo_site, "mitarbeiter")
        page.goto("/")
        expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_read_start_page_and_a_news_article(mitarbeiter, new_page, width):
    """The start page lists news; following one opens the article."""
    page = new_page(mitarbeiter, width)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    news_link = page.locator("main a[href^='/nachrichten/']:not([href='/nachrichten/'])").first
    title = news_link.inner_text().strip()
    news_link.click()
    expect(page).to_have_url(re.compile(r"/nachrichten/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title.splitlines()[0][:20])
    assert page.locator("main article").count() >= 1


def test_find_a_form_and_download_it(mitarbeiter, new_page):
    """The register's text filter finds the holiday form; its file answers 200."""
    page = new_page(mitarbeiter)
    page.goto("/formulare/verzeichnis/")
    page.get_by_label("Formular suchen").fill("Urlaub")
    page.get_by_role("button", name="Filtern").click()
    expect(page).to_have_url(re.compile(r"q=Urlaub"))
    page.get_by_role("link", name="Urlaubsantrag").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Urlaubsantrag")
    download = page.locator(".downloads a[href]").first
    href = download.get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200, f"{href} answered {response.status}"
    assert len(response.body()) > 0


def test_office_member_sees_own_office_and_not_another(jugendamt, new_page):
    """A member of the youth office reads its intranet; the public order office's
    intranet does not exist for them (404, not a hint that it is there)."""
    page = new_page(jugendamt)
    response = page.goto("/aemter/amt-51/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jugendamt")
    response = page.goto("/aemter/amt-32/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Seite gibt es nicht (mehr)")
    expect(page.locator("main")).not_to_contain_text("Ordnungsamt")
