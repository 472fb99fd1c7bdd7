"""Query statistics are written off the request path: a search counts in
memory, and one transaction per interval writes the batch (search/stats.py).
A write per search made parallel searches on SQLite fail with „database is
locked“."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from search import engine as engine_module
from search.models import QueryStat
from search.stats import QueryStatBuffer, buffer
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_engine(settings):
    settings.ELASTICSEARCH_URL = ""
    engine_module._engines.clear()
    yield
    engine_module._engines.clear()


def _writes_to_stats(queries):
    return [
        q["sql"]
        for q in queries
        if "search_querystat" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]


def test_a_search_does_not_write_statistics_on_the_request_path(user_client, home_page, settings):
    factories.ContentPageFactory(parent=home_page, title="Datenschutz im Amt")
    settings.SEARCH_QUERY_STATS_FLUSH_SECONDS = 3600
    with CaptureQueriesContext(connection) as queries:
        response = user_client.get("/api/v2/search/", {"q": "Datenschutz"})
    assert response.status_code == 200
    assert _writes_to_stats(queries.captured_queries) == []
    assert not QueryStat.objects.exists()
    today = timezone.localdate()
    assert buffer.pending() == {("datenschutz", today): (1, 0)}
    # The background thread would write it within the interval; here at once.
    buffer.flush()
    assert QueryStat.objects.get(query="datenschutz").count == 1


def test_a_batch_is_one_write_that_adds_to_the_stored_counts(settings):
    settings.SEARCH_QUERY_STATS_FLUSH_SECONDS = 60
    today = timezone.localdate()
    QueryStat.objects.create(query="urlaub", day=today, count=3, zero_results=0)
    batch = QueryStatBuffer(autostart=False)
    for query, total in [("Urlaub", 4), ("urlaub ", 2), ("Quastenflosser", 0), ("  ", 0)]:
        batch.add(query, total)
    assert not QueryStat.objects.filter(query="quastenflosser").exists()
    assert batch.flush() == 2
    stats = {row.query: (row.count, row.zero_results) for row in QueryStat.objects.all()}
    assert stats == {"urlaub": (5, 0), "quastenflosser": (1, 1)}
    assert batch.pending() == {}
    assert batch.flush() == 0
