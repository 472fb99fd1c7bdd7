"""Benchmark: what the permission trimming costs a search on the engine.

A reader with 20 memberships among 1,000 restricted areas (so 980 failed
restriction keys), a corpus of German pages (default 20,000), N queries of
single words from the corpus. Ours: the query of ``search.query`` as a
request serves it — the reader loaded fresh, the failed keys read
(``failed_restriction_keys``), the body built (``build_search_body``: text
query, boosts, facets, highlights, suggesters) with the one ``must_not
terms`` filter, sent to the engine. Untrimmed: the very same body with that
filter taken out (built for a superuser, so without reading any keys
either), sent to the same index. p50 and p95 of both, ratio ours /
untrimmed (target ≤ 1.3). Query order is shuffled and the two paths are
interleaved, after warm-up queries.

Not a test: never run by ``make test``. Wipes the page tree of the database
it is given (use a throwaway PostgreSQL, see bench/README.md) and deletes its
own index afterwards.

    .venv/bin/python bench/search_trimming.py --items 20000 --queries 300
"""

import argparse
import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_common as common  # noqa: E402


def _without_trim(body):
    """A copy of ``body`` without the visibility filter (the only ``filter``
    of the inner bool query)."""
    untrimmed = copy.deepcopy(body)
    inner = untrimmed["query"]["function_score"]["query"]["function_score"]["query"]["bool"]
    assert len(inner["filter"]) == 1 and "must_not" in inner["filter"][0]["bool"]
    inner["filter"] = []
    return untrimmed


def run(items=20000, queries=300, restricted=1000, memberships=20, warmup=20, corpus=None):
    """Build (or reuse) the corpus, index it, time ``queries`` queries both
    ways; returns the figures as a dict."""
    common.setup_django()
    from django.contrib.auth.models import User

    from cms.permissions import failed_restriction_keys
    from search import indexing
    from search.query import build_search_body

    corpus = corpus or common.build_corpus(items, restricted=restricted, memberships=memberships)
    reader_pk = corpus["reader"].pk
    engine = common.use_engine()
    try:
        engine.ensure_index()
        index_s, indexed = common.timed(indexing.index_all, engine=engine)
        words = common.queries(queries + warmup)

        def ours(word):
            reader = User.objects.get(pk=reader_pk)  # as a request loads it
            body = build_search_body(reader, word, {}, "relevance", 1, 20)
            return engine.search(body)

        admin, _ = User.objects.get_or_create(
            username=f"{common.BENCH_PREFIX}-admin", defaults={"is_superuser": True}
        )

        def untrimmed(word):
            # A superuser fails no restriction: no key queries, same body shape.
            viewer = User.objects.get(pk=admin.pk)
            body = _without_trim(build_search_body(viewer, word, {}, "relevance", 1, 20))
            return engine.search(body)

        for word in words[:warmup]:
            ours(word)
            untrimmed(word)
        times = {"ours": [], "untrimmed": []}
        totals = {"ours": 0, "untrimmed": 0}
        for i, word in enumerate(words[warmup:]):
            order = (("ours", ours), ("untrimmed", untrimmed))
            for name, func in order if i % 2 else reversed(order):
                seconds, response = common.timed(func, word)
                times[name].append(seconds)
                totals[name] += response["hits"]["total"]["value"]
        failed = len(failed_restriction_keys(User.objects.get(pk=reader_pk)))
    finally:
        engine.drop()
    ours_ms, plain_ms = common.summary_ms(times["ours"]), common.summary_ms(times["untrimmed"])
    return {
        "benchmark": "search_trimming",
        "pages": corpus["pages"],
        "indexed": indexed,
        "index_s": round(index_s, 1),
        "restrictions": corpus["restrictions"],
        "memberships": corpus["memberships"],
        "failed_keys": failed,
        "queries": queries,
        "ours_ms": ours_ms,
        "untrimmed_ms": plain_ms,
        "ratio_p50": round(ours_ms["p50"] / plain_ms["p50"], 3),
        "ratio_p95": round(ours_ms["p95"] / plain_ms["p95"], 3),
        "target_ratio": 1.3,
        # Hits the reader may see against all hits, summed over the queries:
        # the filter really cut the result sets.
        "hits_ours_untrimmed": [totals["ours"], totals["untrimmed"]],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20000, help="pages in the corpus")
    parser.add_argument("--queries", type=int, default=300, help="timed queries per path")
    parser.add_argument("--restricted", type=int, default=1000, help="restricted areas")
    parser.add_argument("--memberships", type=int, default=20, help="reader's memberships")
    args = parser.parse_args()
    figures = run(
        items=args.items,
        queries=args.queries,
        restricted=args.restricted,
        memberships=args.memberships,
    )
    figures["machine"] = common.machine()
    figures["commit"] = common.commit()
    common.print_figures(figures)


if __name__ == "__main__":
    main()
