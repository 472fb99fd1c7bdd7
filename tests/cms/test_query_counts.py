"""Every reader page type costs the same number of database queries whatever
the amount of content: each page is rendered with a little content and again
with ten times as much (news, forms, children, files, pictures, tags, members,
restricted areas), and both renders must run the same number of queries.

Each measurement renders the page once to warm the caches that are meant to be
warm (site root paths, renditions) and counts the second render."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.blocks import BodyBlock
from home.models import AccessibilityStatementPage, FormFile, ServiceInstructionAttachment
from offices import services as office_services
from offices.models import OrgUnit
from tests import factories
from tests.home.test_accessibility_statement import make_statement
from workspaces import services as workspace_services
from workspaces.models import Workspace, WorkspaceMembership

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30
# Offices and workspaces bring groups, restrictions and collections each and
# are slow to create; four times as many is enough to show growth.
FEW_AREAS, MANY_AREAS = 3, 12
AREA_SCENARIOS = {"office index", "office intranet", "workspace index", "workspace page"}
AREA_SCENARIOS |= {"profile"}


def count_queries(client, url):
    """(number of queries, response) of the second render of ``url``."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


class World:
    """The start page, a reader (member of one office) and helpers to add content."""

    def __init__(self, home_page, client):
        self.home = home_page
        self.client = client
        self.reader = factories.UserFactory(username="leserin", first_name="Lea", last_name="Ser")
        self.office = self.add_office("amt-51", "Jugendamt", member=True)
        client.force_login(self.reader)
        self._cache = {}

    def once(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def add_office(self, code, name, member=False):
        unit = factories.OrgUnitFactory(code=code, name=name, kind=OrgUnit.Kind.OFFICE)
        if member:
            factories.MembershipFactory(user=self.reader, unit=unit)
        office_services.sync_unit_groups()
        office_services.ensure_office_intranet(unit)
        return unit

    def deputy(self):
        return self.once("deputy", lambda: factories.UserFactory(username="vertretung"))

    def image(self):
        return factories.ImageFactory()

    def document(self, **kwargs):
        return factories.DocumentFactory(**kwargs)

    def news_index(self):
        return self.once(
            "news_index",
            lambda: factories.NewsIndexPageFactory(parent=self.home, slug="nachrichten"),
        )

    def forms_area(self):
        return self.once(
            "area",
            lambda: factories.InformationAreaPageFactory(parent=self.home, slug="formulare"),
        )

    def form_index(self):
        return self.once(
            "form_index",
            lambda: factories.FormIndexPageFactory(parent=self.forms_area(), slug="verzeichnis"),
        )

    def instruction_index(self):
        return self.once(
            "instruction_index",
            lambda: factories.ServiceInstructionIndexPageFactory(
                parent=self.forms_area(), slug="dienstanweisungen"
            ),
        )

    def help_index(self):
        return self.once(
            "help", lambda: factories.HelpIndexPageFactory(parent=self.home, slug="hilfe")
        )


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


_serial = iter(range(1, 1_000_000))


def news(world, number, **extra):
    return factories.NewsPageFactory(
        parent=world.news_index(),
        title=f"Urlaub und Nachricht {next(_serial)}",
        image=world.image(),
        issuing_office=world.office,
        first_published_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        + datetime.timedelta(hours=number),
        **extra,
    )


def body(world, count):
    """A body with ``count`` paragraphs, pictures and files."""
    blocks = []
    for number in range(count):
        blocks.append({"type": "paragraph", "value": f"<p>Absatz {number}</p>"})
        blocks.append(
            {"type": "image", "value": {"image": world.image().pk, "caption": f"Bild {number}"}}
        )
    blocks.append(
        {
            "type": "documents",
            "value": {
                "title": "Downloads",
                "documents": [world.document().pk for _ in range(count)],
            },
        }
    )
    return BodyBlock().to_python(blocks)


# --- scenarios: build(world, count) -> URL ------------------------------------------


def start_page(world, count):
    items = [news(world, n) for n in range(count)]
    forms = [
        factories.FormPageFactory(parent=world.form_index(), issuing_office=world.office)
        for _ in range(min(count, 12))
    ]
    home = world.home
    home.top_stories = [("story", page) for page in items[:3]]
    home.quick_links = [("link", {"title": "", "page": form, "url": ""}) for form in forms]
    today = datetime.date.today()
    home.dates = [
        ("date", {"title": f"Termin {n}", "date": today, "time": None, "place": "", "page": None})
        for n in range(count)
    ]
    home.notices = [
        ("notice", {"kind": "info", "text": f"<p>Hinweis {n}</p>", "show_until": None})
        for n in range(count)
    ]
    publish(home)
    return "/"


def news_index(world, count):
    for n in range(count):
        page = news(world, n)
        page.tags.add(f"tag{n}", "alle")
        publish(page)
    return world.news_index().url


def news_page(world, count):
    page = news(world, 0, body=body(world, count))
    page.tags.add(*[f"schlagwort{n}" for n in range(count)])
    return publish(page).url


def information_area(world, count):
    area = world.forms_area()
    for _ in range(count):
        factories.ContentPageFactory(parent=area, summary="Eine Seite.")
    return area.url


def form_index(world, count):
    for _ in range(count):
        form = factories.FormPageFactory(
            parent=world.form_index(), issuing_office=world.office, summary="Formular."
        )
        form.tags.add("personal")
        publish(form)
    return world.form_index().url


def form_page(world, count):
    form = factories.FormPageFactory(parent=world.form_index(), issuing_office=world.office)
    form.responsible, form.deputy = world.reader, world.deputy()
    for n in range(count):
        form.files.add(FormFile(document=world.document(), label=f"Teil {n}"))
    form.tags.add(*[f"tag{n}" for n in range(count)])
    return publish(form).url


def instruction_index(world, count):
    for _ in range(count):
        page = factories.ServiceInstructionPageFactory(
            parent=world.instruction_index(), issuing_office=world.office
        )
        page.tags.add("personal")
        publish(page)
    return world.instruction_index().url


def instruction_page(world, count):
    newer = factories.ServiceInstructionPageFactory(parent=world.instruction_index())
    page = factories.ServiceInstructionPageFactory(
        parent=world.instruction_index(),
        issuing_office=world.office,
        status="superseded",
        superseded_by=newer,
        body=body(world, count),
    )
    page.responsible, page.deputy = world.reader, world.deputy()
    for n in range(count):
        page.attachments.add(
            ServiceInstructionAttachment(document=world.document(), label=f"Anlage {n}")
        )
    page.tags.add(*[f"tag{n}" for n in range(count)])
    return publish(page).url


def help_index(world, count):
    for _ in range(count):
        factories.TutorialPageFactory(parent=world.help_index())
    return world.help_index().url


def tutorial(world, count):
    steps = [
        (
            "step",
            {
                "title": f"Schritt {n}",
                "text": "<p>So geht es.</p>",
                "media": [("image", {"image": world.image(), "caption": ""})],
            },
        )
        for n in range(count)
    ]
    return factories.TutorialPageFactory(parent=world.help_index(), steps=steps).url


def content_page(world, count):
    return factories.ContentPageFactory(parent=world.home, body=body(world, count)).url


def office_index(world, count):
    # Restricted areas the reader is not in, and offices they belong to.
    existing = OrgUnit.objects.count()
    for n in range(existing, existing + count):
        world.add_office(f"amt-x{n}", f"Amt {n}", member=n % 3 == 0)
    return "/aemter/"


def office_intranet(world, count):
    page = world.office.intranet_pages.get()
    for _ in range(count):
        factories.ContentPageFactory(parent=page, summary="Intern.")
    for n in range(count):
        world.add_office(f"amt-y{n}-{count}", f"Weiteres Amt {n} {count}")
    return page.url


def _workspace(world, title, kind, role=None):
    owner = world.once("owner", lambda: factories.UserFactory(username="owner"))
    workspace = workspace_services.create_workspace(title, kind, Workspace.Template.PROJECT, owner)
    if role:
        workspace_services.set_member(workspace, world.reader, role)
    return workspace


def workspace_index(world, count):
    existing = Workspace.objects.count()
    kinds = [Workspace.Kind.PUBLIC, Workspace.Kind.PRIVATE, Workspace.Kind.SECRET]
    for n in range(existing, existing + count):
        role = WorkspaceMembership.Role.MEMBER if n % 2 else None
        _workspace(world, f"Raum {n}", kinds[n % 3], role)
    return Workspace.objects.first().page.get_parent().url


def workspace_page(world, count):
    workspace = world.once(
        "workspace",
        lambda: _workspace(
            world, "Projekt", Workspace.Kind.PRIVATE, WorkspaceMembership.Role.MEMBER
        ),
    )
    for n in range(count):
        world.document(collection=workspace.collection, title=f"Datei {n}")
        person = factories.UserFactory()
        workspace_services.set_member(workspace, person, WorkspaceMembership.Role.READER)
        factories.ContentPageFactory(parent=workspace.page, summary="Seite.")
    for n in range(count):
        _workspace(world, f"Anderer Raum {n} {count}", Workspace.Kind.SECRET)
    return workspace.page.url


def search_page(world, count):
    for n in range(count):
        publish(news(world, n + 1000 * count))
    return "/suche/?q=Urlaub"


def accessibility_statement(world, count):
    page = world.once("statement", lambda: make_statement(world.home))
    page = AccessibilityStatementPage.objects.get(pk=page.pk)
    page.limitations = [
        (
            "limitation",
            {"title": f"Barriere {n}", "description": "x", "reason": "out_of_scope"},
        )
        for n in range(count)
    ]
    return publish(page).url


def profile(world, count):
    for n in range(count):
        world.add_office(f"amt-p{n}-{count}", f"Profilamt {n} {count}", member=True)
        _workspace(
            world, f"Profilraum {n} {count}", Workspace.Kind.SECRET, WorkspaceMembership.Role.READER
        )
    return "/profil/"


SCENARIOS = {
    "start page": start_page,
    "news index": news_index,
    "news page": news_page,
    "information area": information_area,
    "form index": form_index,
    "form page": form_page,
    "service instruction index": instruction_index,
    "service instruction page": instruction_page,
    "help index": help_index,
    "tutorial": tutorial,
    "content page": content_page,
    "office index": office_index,
    "office intranet": office_intranet,
    "workspace index": workspace_index,
    "workspace page": workspace_page,
    "search page (database)": search_page,
    "accessibility statement": accessibility_statement,
    "profile": profile,
}


def explain(few_sql, many_sql):
    """The queries that the larger render ran more often, for the failure message."""
    import re
    from collections import Counter

    def shape(sql):
        # Same statement with other ids or values counts as the same query.
        return re.sub(r"\b\d+\b|'[^']*'", "?", sql)

    extra = Counter(map(shape, many_sql)) - Counter(map(shape, few_sql))
    return "\n".join(f"{n}× {sql[:300]}" for sql, n in extra.most_common(8))


@pytest.mark.parametrize("name", SCENARIOS)
def test_same_number_of_queries_with_little_and_much_content(name, home_page, client, settings):
    # The search page is measured on the database fallback: the engine's
    # requests are not SQL, the loading of its hits from the database is.
    settings.ELASTICSEARCH_URL = None
    world = World(home_page, client)
    build = SCENARIOS[name]
    few_count, many_count = (FEW_AREAS, MANY_AREAS) if name in AREA_SCENARIOS else (FEW, MANY)
    url = build(world, few_count)
    few, few_sql = count_queries(client, url)
    url = build(world, many_count)
    many, many_sql = count_queries(client, url)
    assert few == many, (
        f"{name}: {few} queries with little content, {many} with much more\n"
        + explain(few_sql, many_sql)
    )
