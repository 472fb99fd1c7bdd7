"""A configured engine whose index was never built: the search API answers
from the database (marked degraded) instead of a 500, and creates no index."""

import uuid

import pytest

from search import engine as engine_module
from tests import factories
from tests.search.conftest import require_engine_url

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]

URL = "/api/v2/search/"


@pytest.fixture
def engine_without_index(settings):
    """The real engine under a fresh prefix whose index does not exist."""
    settings.ELASTICSEARCH_URL = require_engine_url()
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    settings.SEARCH_INDEXING_ENABLED = False  # publishing must not build it either
    engine_module._engines.clear()
    engine = engine_module.get_engine()
    assert not engine.client.indices.exists(index=engine.alias)
    yield engine
    engine_module._engines.clear()


@pytest.fixture
def page(home_page):
    return factories.ContentPageFactory(parent=home_page, title="Datenschutz Merkblatt")


def test_search_falls_back_to_the_database(user_client, engine_without_index, page):
    response = user_client.get(URL, {"q": "Datenschutz"})
    assert response.status_code == 200
    data = response.json()
    assert data["degraded"][0] == "engine_unavailable"
    assert [item["title"] for item in data["items"]] == ["Datenschutz Merkblatt"]
    assert not engine_without_index.client.indices.exists(index=engine_without_index.alias)


def test_suggest_falls_back_to_the_database(user_client, engine_without_index, page):
    response = user_client.get(URL + "suggest/", {"q": "Daten"})
    assert response.status_code == 200
    assert "Datenschutz Merkblatt" in str(response.json())
    assert not engine_without_index.client.indices.exists(index=engine_without_index.alias)
