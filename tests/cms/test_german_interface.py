"""The interface is German throughout: our catalogues (locale/) and the
corrections of Wagtail's German (locale-wagtail/) are compiled and win over
Wagtail's own; the English locale has an English catalogue; the root page is
not called „Root“; the help menu leads to the intranet's help, not to
Wagtail's English editor guide."""

from django.core.management import call_command
from django.utils import translation

import pytest
from wagtail.models import Page

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("english", "german"),
    [
        ("Update", "Aktualisieren"),
        ("Locale", "Sprache"),
        ("Locale: ", "Sprache: "),
        ("Anyone can edit this %(model_name)s", "Alle Berechtigten können dies bearbeiten"),
    ],
)
def test_wagtails_wrong_german_is_corrected(english, german):
    with translation.override("de"):
        assert translation.gettext(english) == german
        assert translation.gettext(english) % {"model_name": "seite"} == german % {
            "model_name": "seite"
        }


def test_the_english_locale_has_an_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("Abmelden") == "Log out"
        assert translation.gettext("Diese Seite gibt es nicht (mehr)") == (
            "This page does not exist (any more)"
        )
    with translation.override("de"):
        assert translation.gettext("Abmelden") == "Abmelden"


def test_the_english_locale_gets_english_pages(user_client, home_page):
    response = user_client.get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist (any more)" in html and "Log out" in html
    html = user_client.get("/gibt-es-nicht/").content.decode()
    assert "Diese Seite gibt es nicht (mehr)" in html and "Abmelden" in html


def test_migrate_renames_the_root_page():
    root = Page.get_first_root_node()
    Page.objects.filter(pk=root.pk).update(title="Root", draft_title="Root")
    call_command("migrate", "cms", verbosity=0)
    root.refresh_from_db()
    assert root.title == "Alle Websites"
    # A title an administrator chose stays.
    Page.objects.filter(pk=root.pk).update(title="Stadt")
    call_command("migrate", "cms", verbosity=0)
    root.refresh_from_db()
    assert root.title == "Stadt"


def test_the_help_menu_leads_to_the_intranet_help(client, superuser, home_page):
    help_index = factories.HelpIndexPageFactory(parent=home_page, slug="hilfe", title="Hilfe")
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "guide.wagtail.org" not in html
    assert "Hilfe im Intranet" in html
    assert help_index.url in html
