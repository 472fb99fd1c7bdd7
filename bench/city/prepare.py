"""In-process parts of the city benchmark (Django loaded with the bench
settings): the locust fixture (sessions, tokens, engine request bodies) and
the indexing throughput against the engine's raw bulk API."""

import copy
import itertools
import json
import statistics
import time

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, Q

from wagtail.models import APIToken, Page

from demo import files
from home.models import NewsIndexPage, NewsPage
from search import documents
from search.engine import get_engine
from search.query import build_search_body, trim_filter
from workspaces.models import Workspace, WorkspaceMembership

TERMS = (
    "Bauantrag",
    "Kita",
    "Haushalt",
    "Datenschutz",
    "Urlaubsantrag",
    "Fortbildung",
    "Feuerwehr",
    "Personalrat",
    "Reisekostenabrechnung",
    "Grundsteuer",
)


def without_trim(body, trim):
    """``body`` with the trimming filter replaced by ``match_all``."""
    if body == trim:
        return {"match_all": {}}
    if isinstance(body, dict):
        return {key: without_trim(value, trim) for key, value in body.items()}
    if isinstance(body, list):
        return [without_trim(item, trim) for item in body]
    return body


def _session(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def choose_people(count):
    """``count`` employees of the scale data set, spread over the alphabet,
    each with their failed restrictions (what makes listings costly)."""
    people = get_user_model().objects.filter(username__startswith="ma", is_active=True)
    total = people.count()
    step = max(total // max(count, 1), 1)
    ids = list(people.order_by("username").values_list("pk", flat=True)[::step][:count])
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


def fixture(path, people_count, paired_count):
    """Write the locust fixture; returns a description of the bench people."""
    engine = get_engine()
    people = choose_people(people_count)
    writable = {}
    rows = (
        WorkspaceMembership.objects.filter(
            user__in=people,
            role__in=[WorkspaceMembership.Role.OWNER, WorkspaceMembership.Role.MEMBER],
            workspace__status=Workspace.Status.ACTIVE,
        )
        .select_related("workspace__page")
        .order_by("pk")
    )
    for row in rows:
        page = row.workspace.page
        writable.setdefault(row.user_id, []).append({"id": row.workspace_id, "url": page.url})
    entries, bodies = [], {}
    for number, user in enumerate(people):
        token = APIToken.create_token(user=user, name="bench")[1]
        entries.append(
            {
                "id": user.pk,
                "username": user.username,
                "session": _session(user),
                "token": token,
                "writable": writable.get(user.pk, [])[:5],
            }
        )
        if number < paired_count:
            trim = trim_filter(user)
            bodies[str(user.pk)] = {}
            for term in TERMS:
                body = build_search_body(user, term, {}, "relevance", 1, 20)
                bodies[str(user.pk)][term] = {
                    "trimmed": body,
                    "untrimmed": without_trim(copy.deepcopy(body), trim),
                }
    home_index = NewsIndexPage.objects.filter(depth=3).first()
    news = list(
        NewsPage.objects.live()
        .child_of(home_index)
        .order_by("-first_published_at")
        .values_list("url_path", flat=True)[:200]
    )
    root = home_index.get_parent().url_path
    from wagtail.search.models import IndexEntry

    data = {
        "engine_url": f"{engine.url.rstrip('/')}/{engine.alias}",
        "people": entries,
        "bodies": bodies,
        "terms": list(TERMS),
        "news_index": home_index.url,
        "news": ["/" + url[len(root) :] for url in news],
        "stock_search": IndexEntry.objects.exists(),
        "upload_pdf": files.pdf_bytes("Lasttest", ["Bericht aus dem Lasttest."]).decode("latin-1"),
    }
    with open(path, "w") as fh:
        json.dump(data, fh)
    failed = [len(trim_filter(p)["bool"]["must_not"]["terms"]["restriction_keys"]) for p in people]
    counts = (
        get_user_model()
        .objects.filter(pk__in=[p.pk for p in people])
        .aggregate(
            workspaces=Count("workspace_memberships", distinct=True),
            groups=Count("groups", distinct=True),
        )
    )
    return {
        "people": len(entries),
        "paired_people": [p.username for p in people[:paired_count]],
        "failed_restrictions_median": statistics.median(failed) if failed else 0,
        "with_writable_workspace": sum(1 for e in entries if e["writable"]),
        "counts": counts,
        "pages": Page.objects.count(),
        "restricted_pages": Page.objects.filter(~Q(view_restrictions=None)).count(),
    }


def _raw_pass(engine, actions, chunk):
    """Bulk-write prebuilt actions chunk by chunk into a fresh index set up as
    a rebuild's (refresh off); returns the documents/s of each chunk and the
    seconds of the whole pass."""
    index = engine.create_index()
    rates, seconds = [], 0.0
    try:
        engine.set_refresh_interval(index, "-1")
        for start in range(0, len(actions), chunk):
            part = actions[start : start + chunk]
            started = time.perf_counter()
            engine.bulk(part, index=index, chunk_size=chunk)
            elapsed = time.perf_counter() - started
            rates.append(len(part) / elapsed)
            seconds += elapsed
    finally:
        engine.delete_index(index)
    return rates, seconds


def indexing_throughput(limit=10000, chunk=documents.BATCH_SIZE):
    """Documents per second of our indexing as production does it against the
    engine's raw bulk API on the same documents.

    Ours: ``search.indexing.index_all`` (what ``rebuild_index`` runs) over the
    first ``limit`` index documents into a fresh index: documents built from
    the database chunk by chunk while its background sender bulk-writes the
    previous chunk; the rate of a chunk is its size over the time since the
    previous chunk was written. Raw: the same documents, built beforehand
    (untimed), bulk-written chunk by chunk into a fresh index with the same
    settings, once before and once after ours (so a change of machine load
    during the run weighs on both). Returns per-chunk rates and the overall
    rates (documents over the whole pass)."""
    from search import indexing

    engine = get_engine()
    prebuilt = list(itertools.islice(documents.iter_all_documents(), limit))
    actions = [{"_op_type": "index", "_id": i, "_source": d} for i, d in prebuilt]
    raw, raw_seconds = _raw_pass(engine, actions, chunk)
    sent, stamps = [], []

    def source():
        for item in itertools.islice(documents.iter_all_documents(), limit):
            sent.append(item)
            yield item

    ours_index = engine.create_index()
    try:
        started = time.perf_counter()
        written = indexing.index_all(
            engine=engine,
            index=ours_index,
            progress=lambda n: stamps.append((n, time.perf_counter())),
            refresh=False,
            items=source(),
        )
        ours_seconds = time.perf_counter() - started
    finally:
        engine.delete_index(ours_index)
    after, after_seconds = _raw_pass(engine, actions, chunk)
    raw += after
    ours, previous = [], started
    for count, stamp in stamps:
        ours.append(count / (stamp - previous))
        previous = stamp
    return {
        "ours": ours,
        "raw": raw,
        "chunk": chunk,
        "method": "index_all",
        "documents": written,
        "same_documents": sent == prebuilt,
        "ours_overall": written / ours_seconds,
        "raw_overall": 2 * len(actions) / (raw_seconds + after_seconds),
    }
