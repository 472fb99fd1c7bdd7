"""The real search engine that `make test` starts: it speaks the Elasticsearch
API and has the analysis modules our German index needs."""

import os
import uuid

import pytest
from opensearchpy import OpenSearch


@pytest.fixture(scope="module")
def engine():
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.fail(
            "ELASTICSEARCH_URL is not set: run the suite with `make test`, "
            "or start the engine with `make search-engine` and export its URL."
        )
    return OpenSearch(hosts=[url], timeout=30)


def analyze(engine, index, analyzer, text):
    result = engine.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    return [token["token"] for token in result["tokens"]]


def test_german_analysis_and_search(engine):
    index = f"probe-{uuid.uuid4().hex[:8]}"
    engine.indices.create(
        index=index,
        body={
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "analysis": {
                    "filter": {
                        "compounds": {
                            "type": "dictionary_decompounder",
                            "word_list": ["anweisung", "dienst", "schlüssel", "haus"],
                        },
                        "autocomplete": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
                        "german_stem": {"type": "stemmer", "language": "light_german"},
                    },
                    "analyzer": {
                        "de": {
                            "tokenizer": "standard",
                            "filter": [
                                "lowercase",
                                "compounds",
                                "german_normalization",
                                "asciifolding",
                                "german_stem",
                            ],
                        },
                        "prefix": {
                            "tokenizer": "standard",
                            "filter": ["lowercase", "autocomplete"],
                        },
                    },
                },
            },
            "mappings": {
                "properties": {
                    "title": {"type": "text", "analyzer": "de"},
                    "office": {"type": "keyword"},
                }
            },
        },
    )
    try:
        assert "anweisung" in analyze(engine, index, "de", "Dienstanweisung")
        assert analyze(engine, index, "de", "Straße") == analyze(engine, index, "de", "Strasse")
        assert "di" in analyze(engine, index, "prefix", "Dienst")
        engine.index(
            index=index,
            id="1",
            body={"title": "Dienstanweisung Datenschutz", "office": "amt-10"},
            refresh=True,
        )
        found = engine.search(
            index=index,
            body={
                "query": {"match": {"title": "Anweisung"}},
                "highlight": {"fields": {"title": {}}},
                "aggs": {"offices": {"terms": {"field": "office"}}},
            },
        )
        assert found["hits"]["total"]["value"] == 1
        assert "<em>" in found["hits"]["hits"][0]["highlight"]["title"][0]
        assert found["aggregations"]["offices"]["buckets"][0]["key"] == "amt-10"
    finally:
        engine.indices.delete(index=index)
