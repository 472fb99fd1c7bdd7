"""Benchmark: our indexing pipeline against the engine's raw ``_bulk`` API.

Ours: ``search.indexing.index_all`` into a fresh index, i.e. reading the
pages from the database in batches, building each index document
(search/documents.py: specific pages, restriction keys, silo, tags, body
text) and sending them with ``Engine.bulk``. Raw: the SAME documents, built
beforehand and serialised to NDJSON (untimed), sent straight to ``_bulk`` in
batches of the same size into another fresh index with the same settings.
Both end with a refresh. Figure: documents per second of each and the ratio
ours / raw (target ≥ 0.5).

Not a test: never run by ``make test``. Wipes the page tree of the database
it is given (use a throwaway PostgreSQL, see bench/README.md) and deletes its
own indexes afterwards.

    .venv/bin/python bench/search_indexing.py --items 100000
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_common as common  # noqa: E402


def _raw_payloads(docs, index, batch_size):
    """NDJSON bodies of ``_bulk`` requests, ``batch_size`` documents each."""
    payloads = []
    for start in range(0, len(docs), batch_size):
        lines = []
        for doc_id, doc in docs[start : start + batch_size]:
            lines.append(json.dumps({"index": {"_index": index, "_id": doc_id}}))
            lines.append(json.dumps(doc, ensure_ascii=False))
        payloads.append(("\n".join(lines) + "\n").encode())
    return payloads


def _send_raw(engine, payloads):
    """Post the prebuilt bodies to ``_bulk``; fails loudly on item errors."""
    for payload in payloads:
        response = engine.client.bulk(body=payload)
        response = response.body if hasattr(response, "body") else response
        if response.get("errors"):
            raise RuntimeError("raw _bulk reported item errors")


def _queries_per_batch(batch_size):
    """Database queries our pipeline makes to build one batch of documents."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import documents

    ids = list(documents.indexable_pages().order_by("pk").values_list("pk", flat=True)[:batch_size])
    silos = documents.SiloMap()
    with CaptureQueriesContext(connection) as captured:
        documents.page_documents(ids, silos)
    return len(captured)


def run(items=100000, batch_size=None, corpus=None):
    """Build (or reuse) a corpus of ``items`` pages, index it both ways and
    return the figures as a dict (throughputs, ratio, timings)."""
    common.setup_django()
    from search import documents, indexing

    batch_size = batch_size or documents.BATCH_SIZE
    corpus = corpus or common.build_corpus(items)
    engine = common.use_engine()
    try:
        # Ours: database → documents → bulk, as rebuild_index does.
        ours_index = engine.create_index()
        ours_s, written = common.timed(
            lambda: indexing.index_all(engine=engine, index=ours_index, refresh=False)
        )
        refresh_s, _ = common.timed(engine.refresh, ours_index)
        ours_s += refresh_s
        # Raw: the same documents, built and serialised before the clock starts.
        build_start = time.perf_counter()
        docs = list(documents.iter_all_documents())
        raw_index = engine.create_index()
        payloads = _raw_payloads(docs, raw_index, batch_size)
        prebuild_s = time.perf_counter() - build_start
        raw_s, _ = common.timed(_send_raw, engine, payloads)
        refresh_s, _ = common.timed(engine.refresh, raw_index)
        raw_s += refresh_s
        counts = (engine.count(index=ours_index), engine.count(index=raw_index))
        queries = _queries_per_batch(batch_size)
    finally:
        engine.drop()
    ours_rate = written / ours_s
    raw_rate = len(docs) / raw_s
    return {
        "benchmark": "search_indexing",
        "documents": written,
        "pages": corpus["pages"],
        "corpus_build_s": corpus["build_seconds"],
        "batch_size": batch_size,
        "ours_s": round(ours_s, 2),
        "raw_s": round(raw_s, 2),
        "raw_prebuild_s": round(prebuild_s, 2),
        "ours_docs_per_s": round(ours_rate, 1),
        "raw_docs_per_s": round(raw_rate, 1),
        "ratio_ours_raw": round(ours_rate / raw_rate, 3),
        "target_ratio": 0.5,
        "indexed_ours_raw": counts,
        "db_queries_per_batch": queries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100000, help="pages in the corpus")
    parser.add_argument("--batch-size", type=int, default=None, help="documents per bulk request")
    args = parser.parse_args()
    figures = run(items=args.items, batch_size=args.batch_size)
    figures["machine"] = common.machine()
    figures["commit"] = common.commit()
    common.print_figures(figures)


if __name__ == "__main__":
    main()
