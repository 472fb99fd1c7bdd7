"""The accessibility statement (Erklärung zur Barrierefreiheit): a page below
the start page, at most one, with the content BITV 2.0 asks for, linked from
the footer of every page and seeded for the demo."""

import datetime

from django.utils import timezone

import pytest
from wagtail.models import Page

from demo.accessibility import seed_accessibility_statement
from demo.builders import Recorder
from home.models import AccessibilityStatementPage
from tests import factories

pytestmark = pytest.mark.django_db


def make_statement(parent, **fields):
    """A published statement page below ``parent``."""
    values = {
        "title": "Erklärung zur Barrierefreiheit",
        "slug": "barrierefreiheit",
        "scope": "<p>Diese Erklärung gilt für das Intranet.</p>",
        "compliance": AccessibilityStatementPage.Compliance.PARTIAL,
        "limitations": [
            (
                "limitation",
                {
                    "title": "Alte PDF-Dateien",
                    "description": "Ohne Struktur.",
                    "reason": "disproportionate_burden",
                    "alternative": "Auf Anfrage als Word-Datei.",
                },
            )
        ],
        "prepared_on": datetime.date(2026, 10, 1),
        "reviewed_on": datetime.date(2026, 11, 2),
        "contact_name": "Zentrale Redaktion",
        "contact_email": "barrierefreiheit@stadt.example",
        "contact_phone": "0123 456-1310",
    }
    values.update(fields)
    page = AccessibilityStatementPage(**values)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return AccessibilityStatementPage.objects.get(pk=page.pk)


@pytest.fixture
def statement(home_page):
    return make_statement(home_page)


def test_statement_shows_what_bitv_requires(user_client, statement):
    response = user_client.get(statement.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html
    assert "teilweise vereinbar" in html  # compliance status
    assert "Alte PDF-Dateien" in html and "Unverhältnismäßige Belastung" in html  # limitations
    assert "Auf Anfrage als Word-Datei." in html  # the accessible alternative
    assert 'datetime="2026-10-01"' in html and 'datetime="2026-11-02"' in html  # dates
    assert "mailto:barrierefreiheit@stadt.example" in html  # feedback contact
    assert "Schlichtungsstelle" in html and "§ 16" in html  # enforcement procedure
    assert 'name="message"' in html  # the feedback form


def test_a_compliant_site_says_so(user_client, home_page):
    page = make_statement(home_page, compliance=AccessibilityStatementPage.Compliance.FULL)
    assert "vollständig vereinbar" in user_client.get(page.url).content.decode()


def test_only_one_statement_and_only_below_the_start_page(statement, home_page):
    assert not AccessibilityStatementPage.can_create_at(home_page)
    statement.delete()
    assert AccessibilityStatementPage.can_create_at(home_page)
    news_index = factories.NewsIndexPageFactory(parent=home_page)
    assert not AccessibilityStatementPage.can_create_at(news_index)


def test_footer_links_to_the_statement_with_the_current_page(user_client, statement, news_index):
    html = user_client.get(news_index.url).content.decode()
    assert f'href="{statement.url}?seite=/nachrichten/"' in html
    # On the statement itself the link carries no page of origin.
    html = user_client.get(statement.url).content.decode()
    assert f'href="{statement.url}">Erklärung zur Barrierefreiheit' in html


def test_no_footer_link_while_the_statement_is_unpublished(user_client, statement, news_index):
    statement.unpublish()
    assert "Erklärung zur Barrierefreiheit" not in user_client.get(news_index.url).content.decode()


def test_no_footer_link_once_the_statement_expired(user_client, statement, news_index):
    # Still marked live: between the expiry time and the next publish_scheduled run.
    statement.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    statement.save(update_fields=["expire_at"])
    assert "Erklärung zur Barrierefreiheit" not in user_client.get(news_index.url).content.decode()


def test_editors_can_change_the_statement(client, statement):
    """It is a page: the central editorial team edits it in the admin."""
    from home.editorial import ensure_editorial_setup

    setup = ensure_editorial_setup()
    editor = factories.UserFactory(username="redaktion")
    editor.groups.add(setup.central_group)
    client.force_login(editor)
    response = client.get(f"/admin/pages/{statement.pk}/edit/")
    assert response.status_code == 200
    assert 'name="contact_email"' in response.content.decode()


def test_demo_step_is_idempotent(home_page):
    admin = factories.UserFactory(username="admin", is_superuser=True)
    first = Recorder()
    page = seed_accessibility_statement(first, home_page, admin)
    assert page.live and page.get_parent().pk == home_page.pk
    assert page.limitations and page.contact_email
    assert "Schlichtungsstelle" in page.enforcement
    second = Recorder()
    seed_accessibility_statement(second, home_page, admin)
    assert second.changes == []
    assert Page.objects.type(AccessibilityStatementPage).count() == 1
