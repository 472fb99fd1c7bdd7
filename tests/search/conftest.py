"""Shared fixtures of the search tests: a fresh index on the real engine.

``search_engine`` gives each test its own alias (a unique prefix), switches
indexing on and drops the index afterwards. ``index_all()`` loads everything
that should be searchable, for tests that build their corpus with factories
(factories create live pages without sending ``page_published``)."""

import os
import uuid

from django.conf import settings as django_settings

import pytest

from search import engine as engine_module
from search import indexing


def require_engine_url():
    """The engine URL from the environment; fails (never skips) without it."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.fail(
            "ELASTICSEARCH_URL is not set: run the suite with `make test`, "
            "or start the engine with `make search-engine` and export its URL."
        )
    return url


@pytest.fixture
def search_engine(db, settings):
    """A fresh, empty index under a unique prefix, with indexing switched on;
    yields the ``Engine`` and deletes its indexes afterwards."""
    url = require_engine_url()
    settings.ELASTICSEARCH_URL = url
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # names say whose an index is
    settings.SEARCH_INDEX_PREFIX = f"test-{worker}-{uuid.uuid4().hex[:10]}"
    settings.SEARCH_INDEXING_ENABLED = True
    engine = engine_module.get_engine()
    engine.ensure_index()
    try:
        yield engine
    finally:
        try:
            engine_module.Engine(url, prefix=settings.SEARCH_INDEX_PREFIX).drop()
        finally:
            engine_module._engines.clear()


def index_all(engine=None):
    """Index everything the database says is searchable, and refresh; returns the count."""
    engine = engine or engine_module.get_engine()
    assert engine is not None, "no engine configured (use the search_engine fixture)"
    assert django_settings.ELASTICSEARCH_URL
    return indexing.index_all(engine=engine)


@pytest.fixture
def indexed(search_engine):
    """Call ``indexed()`` to (re)load the whole database into the test index."""
    return lambda: index_all(search_engine)
