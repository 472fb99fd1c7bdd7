"""Threads in search, on the real engine: indexed as kind "thread" with the
text of their visible posts and their workspace's restriction keys. Members
find them; outsiders never see a private or secret workspace's thread in
results, totals, facets or suggestions. Hidden posts and deleted threads
leave the index; the database fallback trims the same way."""

import pytest

from cms.permissions import page_restriction_keys
from search.query import search, suggest
from search.sources import sources
from tests.search.conftest import index_all, search_engine  # noqa: F401 (fixture)
from tests.workspaces.conftest import fresh
from workspaces.discussions import services
from workspaces.models import Workspace

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]

# Made-up words from letters that form no German compound part, far apart.
WORDS = {
    Workspace.Kind.PUBLIC: ("zvqxwkjfy", "kyfwjqzxv"),
    Workspace.Kind.PRIVATE: ("wqzfyxkjv", "jvkzqwfyx"),
    Workspace.Kind.SECRET: ("qxjzvkwyf", "fwykvzjxq"),
}
HIDDEN_WORD = "yjwqxvzkf"
LATE_WORD = "xkvyjfqzw"


@pytest.fixture
def engine(search_engine):  # noqa: F811 (the fixture imported above)
    return search_engine


@pytest.fixture
def threads(workspaces, people):
    """{kind: thread}: the title word in the title, the reply word only in a reply."""
    result = {}
    for kind, (title_word, reply_word) in WORDS.items():
        thread = services.start_thread(
            workspaces[kind], people["owner"], f"Gemeinsam {title_word}", "Eröffnung"
        )
        services.reply(thread, people["member"], f"Antwort mit {reply_word}.")
        result[kind] = thread
    return result


def found(user, q):
    result = search(fresh(user), q, per_page=50, record=False)
    return result, {(item["kind"], item["id"]) for item in result.items}


def test_thread_document_follows_the_contract(threads, workspaces):
    thread = threads[Workspace.Kind.SECRET]
    doc = sources()["thread"].build([thread.pk])[thread.pk]
    page_id = workspaces[Workspace.Kind.SECRET].page_id
    assert doc["kind"] == "thread" and doc["silo"] == "workspace"
    assert doc["restriction_keys"] == sorted(page_restriction_keys([page_id])[page_id])
    assert doc["restriction_keys"]  # a secret workspace is restricted
    assert WORDS[Workspace.Kind.SECRET][1] in doc["body"]
    assert doc["url"].endswith(f"/diskussionen/{thread.pk}/")


def test_members_find_threads_by_their_posts(engine, threads, people):
    index_all(engine)
    for kind, (title_word, reply_word) in WORDS.items():
        for word in (title_word, reply_word):
            result, hits = found(people["member"], word)
            assert ("thread", threads[kind].pk) in hits, (kind, word)
            item = next(i for i in result.items if i["kind"] == "thread")
            assert item["title"] == f"Gemeinsam {title_word}"
            assert item["content_type_label"] == "Diskussion"


@pytest.mark.parametrize("kind", [Workspace.Kind.PRIVATE, Workspace.Kind.SECRET])
def test_outsiders_never_see_restricted_threads(client, engine, threads, people, kind):
    index_all(engine)
    gast = people["gast"]
    for word in WORDS[kind]:
        result, hits = found(gast, word)
        assert result.total == 0 and not hits
        assert all(word not in s.lower() for s in suggest(fresh(gast), word[:6]))
    # The common word: only the public thread, and the counts say so.
    result, hits = found(gast, "Gemeinsam")
    thread_hits = {pk for k, pk in hits if k == "thread"}
    assert thread_hits == {threads[Workspace.Kind.PUBLIC].pk}
    member = search(fresh(people["member"]), "Gemeinsam", record=False)
    assert result.total == member.total - 2

    def workspace_count(res):
        return {e["value"]: e["count"] for e in res.facets["silo"]}.get("workspace", 0)

    assert workspace_count(result) == workspace_count(member) - 2
    # The API answers the same.
    client.force_login(gast)
    response = client.get(f"/api/v2/search/?q={WORDS[kind][0]}")
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert WORDS[kind][0] not in response.content.decode()


def test_writes_reindex_hidden_text_and_deleted_threads_leave(engine, threads, people):
    index_all(engine)
    thread = threads[Workspace.Kind.PRIVATE]
    post = services.reply(thread, people["member"], f"Nachtrag {LATE_WORD}")
    engine.refresh()
    assert ("thread", thread.pk) in found(people["reader"], LATE_WORD)[1]

    hidden = services.reply(thread, people["member"], f"Entgleisung {HIDDEN_WORD}")
    services.set_hidden(hidden, people["owner"], True)
    engine.refresh()
    assert not found(people["owner"], HIDDEN_WORD)[1]

    services.edit_post(post, people["member"], "Nachtrag ohne das Wort")
    engine.refresh()
    assert not found(people["reader"], LATE_WORD)[1]

    services.delete_thread(thread, people["owner"])
    engine.refresh()
    assert not found(people["owner"], WORDS[Workspace.Kind.PRIVATE][1])[1]


def test_database_fallback_trims_by_workspace(threads, people):
    source = sources()["thread"]
    secret = threads[Workspace.Kind.SECRET]
    reply_word = WORDS[Workspace.Kind.SECRET][1]
    assert source.database_matches(fresh(people["member"]), reply_word, 10) == [secret.pk]
    assert source.database_matches(fresh(people["gast"]), reply_word, 10) == []
    assert source.database_matches(fresh(people["gast"]), "Gemeinsam", 10) == [
        threads[Workspace.Kind.PUBLIC].pk
    ]
    hidden = services.reply(secret, people["member"], f"Weg {HIDDEN_WORD}")
    services.set_hidden(hidden, people["owner"], True)
    assert source.database_matches(fresh(people["owner"]), HIDDEN_WORD, 10) == []
