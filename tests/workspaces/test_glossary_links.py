"""Automatic links from a workspace's pages to its glossary: only in text
(not in attributes, links or headings), whole words, first occurrence,
escaped; abbreviations match case-sensitively; the workspace page and the
content pages below it are linked with a constant number of queries, pages
outside workspaces and terms of other workspaces are not."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests import factories
from workspaces.glossary import services
from workspaces.glossary.linking import Glossary
from workspaces.models import Workspace, WorkspacePage
from workspaces.tools import tool_url

pytestmark = pytest.mark.django_db


class FakeTerm:
    def __init__(self, pk, term, synonyms=(), abbreviations=(), definition="Erklärung."):
        self.pk = pk
        self.term = term
        self.synonyms = list(synonyms)
        self.abbreviations = list(abbreviations)
        self.definition = definition


@pytest.fixture
def glossary():
    return Glossary(
        [
            FakeTerm(1, "Dienstanweisung", synonyms=["Dienstvorschrift"], abbreviations=["DA"]),
            FakeTerm(2, "Kita", definition="Kindertagesstätte <b>&</b>"),
            FakeTerm(3, "Kita-Bedarfsplanung"),
        ],
        lambda term: f"/g/{term.pk}/",
    )


def test_first_occurrence_in_text_becomes_a_link(glossary):
    html = glossary.link_html("<p>Die Dienstanweisung gilt. Jede Dienstanweisung!</p>")
    assert html.count('href="/g/1/"') == 1
    assert html.startswith('<p>Die <a class="glossary-link" href="/g/1/" title="Glossar: ')
    assert ">Dienstanweisung</a> gilt. Jede Dienstanweisung!</p>" in html


def test_synonyms_match_case_insensitively_abbreviations_exactly(glossary):
    assert 'href="/g/1/"' in glossary.link_html("<p>Die DIENSTVORSCHRIFT.</p>")
    assert 'href="/g/1/"' not in glossary.link_html("<p>Da war nichts, da auch nicht.</p>")
    html = glossary.link_html("<p>Siehe DA 12.</p>")
    assert (
        '<a class="glossary-link" href="/g/1/"><abbr title="Dienstanweisung">DA</abbr></a>' in html
    )


def test_whole_words_only_and_longest_name_wins(glossary):
    assert "glossary-link" not in glossary.link_html("<p>Kitas und Dienstanweisungen</p>")
    html = glossary.link_html("<p>Die Kita-Bedarfsplanung und die Kita.</p>")
    assert '<a class="glossary-link" href="/g/3/"' in html
    assert ">Kita-Bedarfsplanung</a>" in html
    assert '<a class="glossary-link" href="/g/2/"' in html and ">Kita</a>." in html


def test_no_links_in_attributes_links_headings_or_code(glossary):
    markup = (
        '<h2>Kita</h2><p title="Kita"><a href="/x/">Kita</a> <code>Kita</code> '
        '<img alt="Kita" src="/k.png"> Kita</p>'
    )
    html = glossary.link_html(markup)
    assert html.count("glossary-link") == 1
    assert html.startswith('<h2>Kita</h2><p title="Kita"><a href="/x/">Kita</a> <code>Kita</code>')
    title = "Glossar: Kita – Kindertagesstätte &lt;b&gt;&amp;&lt;/b&gt;"
    assert html.endswith(
        f'<img alt="Kita" src="/k.png"> <a class="glossary-link" href="/g/2/" title="{title}">'
        "Kita</a></p>"
    )


def test_text_stays_escaped(glossary):
    html = glossary.link_html("<p>&lt;script&gt;Kita&amp;Co&lt;/script&gt;</p>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;Co" in html
    assert 'href="/g/2/"' in html


def test_terms_already_linked_elsewhere_are_not_linked_again(glossary):
    linked = set()
    glossary.link_html("<p>Kita</p>", linked)
    assert "glossary-link" not in glossary.link_html("<p>Kita</p>", linked)


# --- rendered pages ------------------------------------------------------------------


def add(workspace, user, term, **extra):
    return services.save_term(
        workspace, user, {"term": term, "definition": f"Erklärung von {term}.", **extra}
    )


@pytest.fixture
def linked_workspace(workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    page = WorkspacePage.objects.get(pk=workspace.page_id)
    page.intro = "<p>Wir schreiben eine Dienstanweisung.</p>"
    page.body = [("paragraph", "<p>Die Dienstanweisung und die Haushaltssperre.</p>")]
    page.save_revision().publish()
    term = add(workspace, people["owner"], "Dienstanweisung", abbreviations=["DA"])
    sperre = add(workspace, people["owner"], "Haushaltssperre")
    # A term of another workspace must never be linked here.
    add(workspaces[Workspace.Kind.SECRET], people["owner"], "Wir")
    return workspace, term, sperre


def detail_url(workspace, term):
    return tool_url(workspace.page, "glossar", "detail", pk=term.pk)


def test_workspace_page_links_intro_and_body_once_per_term(client, linked_workspace, people):
    workspace, term, sperre = linked_workspace
    client.force_login(people["reader"])
    body = client.get(workspace.page.url).content.decode()
    assert body.count(f'href="{detail_url(workspace, term)}"') == 1
    start = body.index('class="intro"')
    intro = body[start : body.index("</header>", start)]
    assert detail_url(workspace, term) in intro
    assert body.count(f'href="{detail_url(workspace, sperre)}"') == 1
    assert "Glossar: Wir" not in body


def test_content_page_in_workspace_is_linked(client, linked_workspace, people):
    workspace, term, _sperre = linked_workspace
    child = workspace.page.get_children().get(slug="protokolle").specific
    child.body = [("paragraph", "<p>Nach der DA vorgehen.</p>")]
    child.save_revision().publish()
    client.force_login(people["member"])
    body = client.get(child.url).content.decode()
    assert (
        f'<a class="glossary-link" href="{detail_url(workspace, term)}">'
        '<abbr title="Dienstanweisung">DA</abbr></a>'
    ) in body


def test_page_outside_workspaces_is_not_linked(client, home_page, linked_workspace, people):
    page = factories.ContentPageFactory(
        parent=home_page,
        slug="aussen",
        body=[("paragraph", "<p>Eine Dienstanweisung ohne Arbeitsraum.</p>")],
    )
    client.force_login(people["owner"])
    body = client.get(page.url).content.decode()
    assert "Eine Dienstanweisung ohne Arbeitsraum." in body
    assert "glossary-link" not in body


def test_linking_costs_a_constant_number_of_queries(client, linked_workspace, people):
    workspace, _term, _sperre = linked_workspace
    child = workspace.page.get_children().get(slug="protokolle").specific
    child.body = [("paragraph", "<p>" + " ".join(f"Begriff{i}" for i in range(30)) + "</p>")]
    child.save_revision().publish()
    client.force_login(people["member"])
    client.get(child.url)  # warm caches (site root paths)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(child.url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, _body = count()
    for i in range(30):
        add(workspace, people["owner"], f"Begriff{i}", synonyms=[f"Wort{i}"])
    many, body = count()
    assert body.count("glossary-link") == 30
    assert many == few
