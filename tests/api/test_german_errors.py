"""Wagtail's own API errors answer in German: each English message of its v2
filters, pagination and field parser comes back as a German ``message``."""

import pytest

from cms.api.wagtail_errors import german_message
from tests import factories
from tests.api.helpers import assert_json_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(home_page):
    """A page, a document and an image the employee may see."""
    factories.ContentPageFactory(parent=home_page, title="Urlaubsantrag", slug="urlaub")
    factories.DocumentFactory(title="Dienstplan")


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("pages", {"limit": "500"}, "„limit“ darf höchstens 100 sein."),
        ("pages", {"fields": "nichtda"}, "Unbekannte Felder: nichtda."),
        ("documents", {"fields": "nichtda,auchnicht"}, "Unbekannte Felder: auchnicht, nichtda."),
        ("pages", {"gibtsnicht": "1"}, "Unbekannte Abfrageparameter: gibtsnicht."),
        ("pages", {"type": "home.GibtsNicht"}, "Diesen Seitentyp gibt es nicht."),
        ("pages", {"order": "nichtda"}, "Nach „nichtda“ kann nicht sortiert werden."),
        ("pages", {"child_of": "x"}, "„child_of“ muss eine positive ganze Zahl sein."),
        ("pages", {"child_of": "999999"}, "Die angegebene Seite gibt es nicht."),
        ("pages", {"fields": "title(id)"}, "„title“ hat keine Unterfelder."),
        ("pages", {"fields": "a,,b"}, "Der Parameter „fields“ ist ungültig."),
    ],
)
def test_wagtail_errors_answer_in_german(user_client, content, path, params, expected):
    body = assert_json_error(user_client.get(f"/api/v2/{path}/", params), 400)
    assert body["message"] == expected


def test_a_message_not_in_the_table_gets_the_generic_german_text():
    assert german_message("some future english message") == "Die Anfrage ist ungültig."


def test_an_unknown_path_answers_german_json(user_client, content):
    body = assert_json_error(user_client.get("/api/v2/gibtsnicht/"), 404)
    assert body["message"] == "Nicht gefunden."


def test_our_own_search_checks_keep_their_german_text(user_client, content):
    body = assert_json_error(user_client.get("/api/v2/pages/", {"search": " "}), 400)
    assert body["message"] == "Bitte geben Sie einen Suchbegriff an."
