"""The interface is German throughout: our catalogues (locale/) and the
corrections of Wagtail's German (locale-wagtail/) are compiled and win over
Wagtail's own; the English locale has an English catalogue; the root page is
not called „Root“; the help menu leads to the intranet's help, not to
Wagtail's English editor guide."""

import datetime
import re
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

import polib
import pytest
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Page,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("english", "german"),
    [
        ("Update", "Aktualisieren"),
        ("Locale", "Sprache"),
        ("Locale: ", "Sprache: "),
        ("Anyone can edit this %(model_name)s", "Alle Berechtigten können dies bearbeiten"),
        (
            "Anyone can edit this %(model_name)s – lock it to prevent others from editing",
            "Alle Berechtigten können dies bearbeiten – sperren Sie es, damit andere es "
            "nicht bearbeiten können",
        ),
        ("Locales", "Sprachen"),
        ("Add a locale", "Sprache hinzufügen"),
        ("Breadcrumb", "Navigationspfad"),
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


# Wagtail's msgids whose German is the same word (or only placeholders).
SAME_IN_GERMAN = {
    *("Account", "Admin", "Administrator", "Alias", "App", "Checkbox", "Code", "Dashboard"),
    *("Filter", "ID", "Tag", "URL"),
    *("Format", "Import", "Layout", "Link", "Maximum", "Minimum", "Name", "Permanent"),
    *("Status", "System", "Token", "Workflow", "Workflows", "In Moderation", "(optional)"),
    *("Status %(status)s", "Wagtail API v2", "Wagtail embeds"),
}


def test_every_string_of_wagtails_apps_has_german():
    """Each msgid of the installed Wagtail apps (their English source
    catalogues) comes out German: from Wagtail's catalogue or locale-wagtail/."""
    english = []
    with translation.override("de"):
        for config in apps.get_app_configs():
            source = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / "django.po"
            if not config.name.startswith("wagtail") or not source.exists():
                continue
            for entry in polib.pofile(str(source)):
                if entry.msgctxt:
                    german = translation.pgettext(entry.msgctxt, entry.msgid)
                elif entry.msgid_plural:
                    german = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                else:
                    german = translation.gettext(entry.msgid)
                text = re.sub(r"%\([^)]+\)[sd]|\{[^}]*\}|[^A-Za-z]", "", entry.msgid)
                if german == entry.msgid and text and entry.msgid not in SAME_IN_GERMAN:
                    english.append(f"{config.name}: {entry.msgid}")
    assert english == []


def test_the_admins_javascript_catalogue_is_german(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    script = response.content.decode()
    assert '"Fair": "Mittel"' in script
    assert '"Save": "Speichern"' in script


def test_relative_times_in_the_admin_are_german(client, superuser, home_page):
    """Wagtail's workflow status uses humanize's naturaltime; its German
    catalogue only loads with django.contrib.humanize installed."""
    page = factories.ContentPageFactory(parent=home_page, title="Dienstplan", slug="dienstplan")
    task = GroupApprovalTask.objects.create(name="Prüfung")
    workflow = Workflow.objects.create(name="Freigabe")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=page)
    page.save_revision(user=superuser)
    state = workflow.start(page, superuser)
    TaskState.objects.filter(workflow_state=state).update(
        started_at=timezone.now() - datetime.timedelta(seconds=28)
    )
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert re.search(r"Gesendet an Prüfung vor \d+\sSekunden", html)  # \s: a no-break space
    assert "seconds ago" not in html


def test_the_page_editors_status_panel_is_german(client, superuser, home_page):
    """The lock and locale lines of the status side panel („Jeder kann dieses
    seite-Objekt bearbeiten“, „Locale:“ before)."""
    page = factories.ContentPageFactory(parent=home_page, title="Kantine", slug="kantine")
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Alle Berechtigten können dies bearbeiten – sperren Sie es" in html
    assert "Jeder kann" not in html and "-Objekt" not in html
    assert "Sprache: " in html and "Locale:" not in html


def test_migrate_renames_the_root_collection(client, superuser, home_page):
    root = Collection.get_first_root_node()
    assert root.name == "Allgemein"
    Collection.objects.filter(pk=root.pk).update(name="Root")
    call_command("migrate", "cms", verbosity=0)
    root.refresh_from_db()
    assert root.name == "Allgemein"
    factories.CollectionFactory(parent=root, name="Amt 51")
    client.force_login(superuser)
    html = client.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert re.search(r"<option[^>]*>\s*Allgemein\s*</option>", html)
    assert not re.search(r"<option[^>]*>\s*Root\s*</option>", html)


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
