"""The demo glossaries: seeded into the demo workspaces, linked from the
intro of „Projekt Digitale Akte“, and a second run changes nothing."""

import pytest

from demo.builders import Recorder
from demo.workspaces import glossary as glossary_demo
from demo.workspaces.spaces import seed_workspaces
from tests import factories
from workspaces.glossary.models import Term
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_workspaces(home_page):
    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    factories.UserFactory(username="jugendamt")
    factories.UserFactory(username="mitarbeiter")
    return seed_workspaces(Recorder(), admin)


def test_demo_glossaries_are_seeded_once_and_linked(client, demo_workspaces):
    first = glossary_demo.seed()
    assert first.changed
    expected = sum(len(entries) for entries in glossary_demo.GLOSSARIES.values())
    assert Term.objects.count() == expected
    akte = Workspace.objects.get(page__title="Projekt Digitale Akte")
    da = Term.objects.get(workspace=akte, term="Dienstanweisung")
    assert da.abbreviations == ["DA"]
    assert list(da.related.values_list("term", flat=True)) == ["Aktenplan"]

    again = glossary_demo.seed()
    assert not again.changed, again.changes
    assert Term.objects.count() == expected

    client.force_login(akte.memberships.get(role="owner").user)
    body = client.get(akte.page.url).content.decode()
    assert f'href="{akte.page.url}glossar/{da.pk}/"><abbr title="Dienstanweisung">DA</abbr>' in body
    kita = Term.objects.get(workspace=akte, term="Kita-Bedarfsplanung")
    assert f'href="{akte.page.url}glossar/{kita.pk}/"' in body
