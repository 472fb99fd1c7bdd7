"""On the seeded demo, every item of the private and the secret workspace
(pages, tool pages, documents and their versions, events, polls, threads,
glossary terms) is closed to people who are not members, on every channel:
the rendered site, the API, search (results, counts and suggestions), the
notification centre and the iCal feeds. And the secret workspace is in no
list at all.

The per-tool leak tests build their own small worlds; this sweep runs over the
demo as a whole, so a new route or item type that forgets the restriction shows
up here. The demo is seeded once for the module inside a transaction that is
rolled back at the end."""

from django.core.cache import cache
from django.test import Client

import pytest
from wagtail.models import Page

from cms.models import IntranetDocument
from tests.seeded import seeded_demo
from workspaces import tools
from workspaces.calendar import services as calendar_services
from workspaces.calendar.models import Event, Poll
from workspaces.discussions.models import Thread
from workspaces.glossary.models import Term
from workspaces.models import Workspace

# Demo accounts; each test uses those who are not members of the workspace at
# hand (``gast`` is in none).
ACCOUNTS = ("gast", "mitarbeiter", "jugendamt", "ordnungsamt", "redakteur", "redaktion")
RESTRICTED = (Workspace.Kind.PRIVATE, Workspace.Kind.SECRET)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded demo (search from the database fallback: this sweeps the
    permission paths, tests/search covers the engine's trimming)."""
    media = tmp_path_factory.mktemp("sweep-media")
    with seeded_demo(django_db_blocker, MEDIA_ROOT=media, ELASTICSEARCH_URL=""):
        yield


def closed_items(workspace):
    """Everything of ``workspace`` a reader could ask for: ``(urls, api_urls,
    titles)``."""
    page = workspace.page
    pages = [page, *Page.objects.descendant_of(page)]
    documents = list(IntranetDocument.objects.filter(collection=workspace.collection))
    events = list(Event.objects.filter(workspace=workspace))
    polls = list(Poll.objects.filter(workspace=workspace))
    threads = list(Thread.objects.filter(workspace=workspace))
    terms = list(Term.objects.filter(workspace=workspace))
    urls = [p.url for p in pages] + [f"{page.url}{slug}/" for slug in tools.TOOLS]
    urls += [d.url for d in documents]
    for document in documents:
        urls.append(tools.tool_url(page, "dokumente", "detail", pk=document.pk))
        for version in document.workspace_versions.all():
            urls.append(
                tools.tool_url(
                    page, "dokumente", "version_file", pk=document.pk, number=version.number
                )
            )
    urls += [tools.tool_url(page, "kalender", "event", pk=e.pk) for e in events]
    urls += [tools.tool_url(page, "kalender", "poll", pk=p.pk) for p in polls]
    urls += [tools.tool_url(page, "diskussionen", "thread", thread_id=t.pk) for t in threads]
    urls += [tools.tool_url(page, "glossar", "detail", pk=t.pk) for t in terms]
    base = f"/api/v2/workspaces/{workspace.pk}/"
    api = [base, f"{base}members/"]
    api += [f"{base}{tool}/" for tool in ("documents", "events", "polls", "threads", "glossary")]
    api += [f"/api/v2/pages/{p.pk}/" for p in pages]
    api += [f"/api/v2/documents/{d.pk}/" for d in documents]
    api += [f"{base}events/{e.pk}/" for e in events] + [f"{base}polls/{p.pk}/" for p in polls]
    api += [f"{base}threads/{t.pk}/" for t in threads] + [f"{base}glossary/{t.pk}/" for t in terms]
    titles = (
        [p.title for p in pages[1:]]
        + [d.title for d in documents]
        + [e.title for e in events + polls + threads]
        # A term is often a common word („Dienstanweisung“); its definition is
        # what only the glossary holds.
        + [t.definition[:60] for t in terms]
    )
    return urls, api, titles


def unique_titles(workspace, titles):
    """The titles that name only items of this workspace (a starter page such
    as „Protokolle“ exists in every project workspace, the public one too)."""
    elsewhere = set(Page.objects.not_descendant_of(workspace.page).values_list("title", flat=True))
    elsewhere |= set(
        IntranetDocument.objects.exclude(collection=workspace.collection).values_list(
            "title", flat=True
        )
    )
    for model in (Event, Poll, Thread):
        elsewhere |= set(model.objects.exclude(workspace=workspace).values_list("title", flat=True))
    elsewhere |= set(Term.objects.exclude(workspace=workspace).values_list("term", flat=True))
    return sorted({t for t in titles if t not in elsewhere and len(t) >= 4})


@pytest.fixture(autouse=True)
def _media_root(demo):
    """Keep the module's media folder (the suite-wide fixture of the same name
    gives every test an empty one; the demo's files were written once)."""
    cache.clear()


@pytest.fixture(scope="module")
def clients(demo, django_db_blocker):
    with django_db_blocker.unblock():
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(username__in=ACCOUNTS)
        made = {}
        for user in users:
            client = Client()
            client.force_login(user)
            made[user.username] = (user, client)
        assert set(made) == set(ACCOUNTS)
        return made


def outsiders(clients, workspace):
    """``[(user, client)]`` of the demo accounts outside ``workspace``."""
    members = set(workspace.memberships.values_list("user__username", flat=True))
    found = [pair for name, pair in sorted(clients.items()) if name not in members]
    assert "gast" not in members and len(found) >= 2, members
    # gast (in nothing) and one account with offices and other workspaces: two
    # kinds of outsider, and the sweep stays within a minute or two.
    others = [pair for pair in found if pair[0].username != "gast"]
    return [clients["gast"], others[0]]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", RESTRICTED)
def test_outsider_gets_404_for_every_item(clients, kind):
    workspace = Workspace.objects.select_related("page").get(kind=kind)
    urls, api, _titles = closed_items(workspace)
    assert len(urls) >= 10 and len(api) >= 10, "the demo workspace should have content"
    for user, client in outsiders(clients, workspace):
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        for url in api:
            response = client.get(url)
            assert response.status_code == 404, (user.username, url)
            assert "message" in response.json(), url


@pytest.mark.django_db
@pytest.mark.parametrize("kind", RESTRICTED)
def test_no_title_reaches_an_outsider(clients, kind):
    """Search (site and API, with counts and suggestions), the notification
    centre, the start page, the workspace lists and the personal iCal feed
    never show a title of the closed workspace."""
    workspace = Workspace.objects.select_related("page").get(kind=kind)
    _urls, _api, titles = closed_items(workspace)
    titles = unique_titles(workspace, titles)
    assert len(titles) >= 5, titles
    for user, client in outsiders(clients, workspace):
        assert_titles_hidden(user, client, workspace, titles)


def assert_titles_hidden(user, client, workspace, titles):
    prefix = workspace.page.url
    token = calendar_services.active_token(user)
    surfaces = {
        "Startseite": client.get("/").content.decode(),
        "Arbeitsräume": client.get("/arbeitsraeume/").content.decode(),
        "Benachrichtigungen": client.get("/benachrichtigungen/").content.decode(),
        "API Benachrichtigungen": client.get("/api/v2/notifications/?limit=100").content.decode(),
        "API Arbeitsräume": client.get("/api/v2/workspaces/").content.decode(),
        "iCal": client.get(f"/ical/{token.value}/persoenlich.ics").content.decode(),
    }
    for name, body in surfaces.items():
        for title in titles:
            assert title not in body, (name, title)
    for title in titles:
        response = client.get("/api/v2/search/", {"q": title})
        assert response.status_code == 200
        found = response.json()
        for item in found["items"]:
            assert not item["url"].startswith(prefix), (title, item)
            assert item["title"] != title, (title, item)
        page = client.get("/suche/", {"q": title}).content.decode()
        assert prefix not in page, title
        suggestions = client.get("/api/v2/search/suggest/", {"q": title[:6]}).json()
        assert title not in suggestions["suggestions"], title
    ical = client.get(f"/ical/{token.value}/arbeitsraum/{workspace.pk}.ics")
    assert ical.status_code == 404


@pytest.mark.django_db
def test_secret_workspace_is_in_no_list_or_count(clients):
    secret = Workspace.objects.select_related("page").get(kind=Workspace.Kind.SECRET)
    for _user, client in outsiders(clients, secret):
        assert_not_listed(client, secret)


def assert_not_listed(client, secret):
    listed = client.get("/api/v2/workspaces/").json()
    assert secret.pk not in {item["id"] for item in listed["items"]}
    assert listed["meta"]["total_count"] == len(listed["items"])
    assert secret.page.title not in client.get("/arbeitsraeume/").content.decode()
    pages = client.get("/api/v2/pages/", {"limit": 100, "type": "workspaces.WorkspacePage"}).json()
    assert secret.page_id not in {item["id"] for item in pages["items"]}
    found = client.get("/api/v2/search/", {"q": secret.page.title}).json()
    assert not any(item["url"].startswith(secret.page.url) for item in found["items"])
