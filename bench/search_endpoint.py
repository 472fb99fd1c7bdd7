"""Benchmark: our search endpoint against Wagtail's stock API v2 search.

Ours: ``GET /api/v2/search/?q=<word>`` (search/api.py ``SearchAPIView``:
the engine query trimmed by one filter, facets, highlights, did-you-mean,
best bets and the anonymous statistics). Stock: ``GET
/api/v2/pages/?search=<word>`` through ``wagtail.api.v2.views.PagesAPIViewSet``
with Wagtail's database search backend, which is what a stock setup does
(its index filled with ``update_index``; the stock viewset trims by checking
every view restriction). Same data, same reader (20 memberships among 1,000
restricted areas), same words; both views called through DRF's request
factory with ``force_authenticate`` (same overhead, the reader loaded fresh
per request), interleaved after warm-up. p50/p95 of both and the ratio
stock / ours (target: several times faster). A path stops early once its
timed requests used up ``--budget`` seconds (at least 5 requests).

Not a test: never run by ``make test``. Wipes the page tree of the database
it is given (use a throwaway PostgreSQL, see bench/README.md) and deletes its
own index afterwards.

    .venv/bin/python bench/search_endpoint.py --items 20000 --requests 50
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_common as common  # noqa: E402


def _wagtail_index():
    """Fill Wagtail's database search index for the pages (what a stock setup
    keeps up to date through its signal handlers); returns the seconds taken."""
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("update_index", chunk_size=2000, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return time.perf_counter() - start


def _callers(reader_pk):
    from django.contrib.auth.models import User

    from rest_framework.test import APIRequestFactory, force_authenticate
    from wagtail.api.v2.views import PagesAPIViewSet

    from cms.api.router import api_router
    from search.api import SearchAPIView

    factory = APIRequestFactory()
    stock_view = PagesAPIViewSet.as_view({"get": "listing_view"})
    ours_view = SearchAPIView.as_view()

    def make(view, url):
        def call(word):
            user = User.objects.get(pk=reader_pk)
            request = factory.get(url, {"search" if "pages" in url else "q": word})
            request.wagtailapi_router = api_router
            force_authenticate(request, user=user)
            start = time.perf_counter()
            response = view(request)
            response.render()
            return time.perf_counter() - start, response

        return call

    return {
        "ours": make(ours_view, "/api/v2/search/"),
        "stock": make(stock_view, "/api/v2/pages/"),
    }


def run(items=20000, requests=50, budget=120.0, warmup=3, corpus=None):
    """Build (or reuse) the corpus, index it for both, time both endpoints;
    returns the figures as a dict."""
    common.setup_django()
    from search import indexing

    corpus = corpus or common.build_corpus(items)
    engine = common.use_engine()
    try:
        engine.ensure_index()
        index_s, indexed = common.timed(indexing.index_all, engine=engine)
        wagtail_index_s = _wagtail_index()
        callers = _callers(corpus["reader"].pk)
        words = common.queries(requests + warmup, seed=11)
        for word in words[:warmup]:
            for call in callers.values():
                call(word)
        times = {name: [] for name in callers}
        totals = dict.fromkeys(callers, 0)
        for word in words[warmup:]:
            for name, call in callers.items():
                if len(times[name]) >= 5 and sum(times[name]) > budget:
                    continue
                seconds, response = call(word)
                assert response.status_code == 200, (name, response.status_code, response.data)
                times[name].append(seconds)
                data = response.data
                totals[name] += data["total"] if name == "ours" else data["meta"]["total_count"]
    finally:
        engine.drop()
    ours, stock = common.summary_ms(times["ours"]), common.summary_ms(times["stock"])
    return {
        "benchmark": "search_endpoint",
        "pages": corpus["pages"],
        "indexed": indexed,
        "index_s": round(index_s, 1),
        "wagtail_update_index_s": round(wagtail_index_s, 1),
        "restrictions": corpus["restrictions"],
        "memberships": corpus["memberships"],
        "ours_ms": ours,
        "stock_ms": stock,
        "ratio_stock_ours_p50": round(stock["p50"] / ours["p50"], 2),
        "ratio_stock_ours_p95": round(stock["p95"] / ours["p95"], 2),
        "budget_s": budget,
        # Mean visible hits per request (ours also finds compound parts, word
        # forms and typos, and non-page items; stock matches pages only).
        "mean_hits_ours_stock": [
            round(totals[name] / max(len(times[name]), 1)) for name in ("ours", "stock")
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20000, help="pages in the corpus")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per path")
    parser.add_argument(
        "--budget", type=float, default=120.0, help="seconds of timed requests per path"
    )
    args = parser.parse_args()
    figures = run(items=args.items, requests=args.requests, budget=args.budget)
    figures["machine"] = common.machine()
    figures["commit"] = common.commit()
    common.print_figures(figures)


if __name__ == "__main__":
    main()
