"""The URL in a page's index document is computed once per batch from
``url_path`` and the site roots; it must equal Wagtail's ``page.get_url()``
for every page: in every silo, in the English locale (language prefix), with
slugs that reverse() percent-encodes, outside any site and with two sites."""

from django.utils import translation

import pytest
from wagtail.models import Locale, Page, Site

from offices.models import OrgUnit
from search import documents
from tests import factories
from workspaces import services
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page, news_index, user):
    """Pages of every silo, an English translation and pages with awkward slugs."""
    factories.NewsPageFactory(parent=news_index, slug="betriebsausflug")
    area = factories.InformationAreaPageFactory(parent=home_page, slug="formulare")
    content = factories.ContentPageFactory(parent=area, slug="reisekosten_2026")
    factories.ContentPageFactory(parent=area, slug="übersicht-straßen")
    help_index = factories.HelpIndexPageFactory(parent=home_page, slug="hilfe")
    factories.TutorialPageFactory(parent=help_index, slug="erste-schritte")
    OrgUnit.objects.get(pk=factories.OrgUnitFactory(code="amt-51", name="Jugendamt").pk)
    services.create_workspace("Gesundheit", Workspace.Kind.PUBLIC, Workspace.Template.PROJECT, user)
    english = Locale.objects.get_or_create(language_code="en")[0]
    home_page.copy_for_translation(english)
    area.copy_for_translation(english)
    content.copy_for_translation(english)
    # A tree outside every site: get_url() gives None, the index "".
    factories.ContentPageFactory(parent=Page.get_first_root_node(), slug="verwaist")
    return home_page


def _compare():
    pages = list(Page.objects.filter(depth__gt=1).specific().order_by("path"))
    urls = documents.PageUrls()
    return pages, {p.url_path: (urls.url(p), p.get_url() or "") for p in pages}


def _silos(pages):
    silos = documents.SiloMap()
    return {silos.silo_and_office(page.path)[0] for page in pages}


def test_urls_equal_wagtails_for_pages_of_every_silo(tree):
    pages, urls = _compare()
    assert _silos(pages) == {"start", "area", "office", "workspace"}
    for url_path, (ours, wagtails) in urls.items():
        assert ours == wagtails, url_path
    # The cases that differ from a plain "/slug/…/" are really there.
    assert any(ours.startswith("/en/") for ours, _ in urls.values())
    assert any("%C3%BC" in ours for ours, _ in urls.values())
    assert "" in {ours for ours, _ in urls.values()}


def test_urls_equal_wagtails_with_two_sites_and_english_active(tree):
    intranet = Page.objects.get(url_path="/verwaist/")
    Site.objects.create(hostname="zweite.example", port=443, root_page=intranet)
    factories.ContentPageFactory(parent=intranet, slug="unterseite")
    with translation.override("en"):
        pages, urls = _compare()
    for url_path, (ours, wagtails) in urls.items():
        assert ours == wagtails, url_path
    assert any(ours.startswith("https://zweite.example") for ours, _ in urls.values())


def test_index_documents_carry_the_urls(tree):
    ids = list(documents.indexable_pages().values_list("pk", flat=True))
    built = documents.page_documents(ids)
    for page in Page.objects.filter(pk__in=ids).specific():
        assert built[page.pk]["url"] == (page.get_url() or "")
