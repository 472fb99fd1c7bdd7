"""Benchmark: our permission-aware page listing against Wagtail's stock one.

Compares ``GET /api/v2/pages/?limit=20`` served by
``cms.api.views.IntranetPagesAPIViewSet`` (failed restrictions read once,
then one NOT EXISTS anti-join on ``permissions_pagerestrictionindex``) with
Wagtail's stock ``PagesAPIViewSet`` (``get_public_pages_queryset`` checks
every restriction in Python and excludes one path prefix per failed one), for
the same user on the same data in the same run, at R = 5, 50 and 500
restricted areas.

This is a benchmark, not a test: it never runs under ``make test`` and never
gates CI. It wipes and rebuilds the page tree of the database it is given, so
point it at a throwaway PostgreSQL (see bench/README.md: ``scripts/pg.sh`` with
``PG_STATE_FILE=.run/bench-postgres.env``) and run ``manage.py migrate`` into it first.

Tree (built with bulk inserts, not ``add_child``, so that tens of thousands of
pages fit in a few minutes): the default site's root page ("home") holds
5 sections, each 10 departments, each 10 teams (500 teams), and the remaining
pages are leaves spread round-robin over the teams, so page ids interleave
across the tree as they do in a real intranet. R = 5, 50 and 500 restrict the
sections, the departments and the teams respectively, one group per
restriction, so at every R all content below home is restricted.
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from rest_framework.test import APIRequestFactory, force_authenticate  # noqa: E402
from wagtail.api.v2.views import PagesAPIViewSet  # noqa: E402
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, Site  # noqa: E402

from cms.api.router import api_router  # noqa: E402
from cms.api.views import IntranetPagesAPIViewSet  # noqa: E402
from cms.permissions.indexing import rebuild_all  # noqa: E402

URL = "/api/v2/pages/?limit=20"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node default
STEPLEN = 4
FANOUT = (5, 10, 10)  # sections, departments per section, teams per department
LEVELS = {5: 0, 50: 1, 500: 2}  # R -> the tree level whose nodes are restricted
MEMBERSHIPS = 10


def step(n):
    """The path segment of the n-th child (1-based), as treebeard encodes it."""
    out = ""
    for _ in range(STEPLEN):
        n, rem = divmod(n, len(ALPHABET))
        out = ALPHABET[rem] + out
    return out


def build_tree(total_pages):
    """Replace everything below the site root with a generated tree of about
    ``total_pages`` pages; return the list of node lists per level."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    page_ct = ContentType.objects.get_for_model(Page)
    now = datetime.datetime.now(datetime.UTC)

    with transaction.atomic():
        PageViewRestriction.objects.all().delete()
        # Deleting through the queryset would walk treebeard's delete; raw SQL
        # is fine here because nothing else references the generated pages.
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM wagtailcore_page WHERE path LIKE %s AND depth > %s",
                [home.path + "%", home.depth],
            )

        def make(parent, index, title, slug, numchild):
            return Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=page_ct,
                locale_id=home.locale_id,
                path=parent["path"] + step(index),
                depth=parent["depth"] + 1,
                numchild=numchild,
                url_path=f"{parent['url_path']}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )

        levels = []
        parents = [{"path": home.path, "depth": home.depth, "url_path": home.url_path}]
        for level, fanout in enumerate(FANOUT):
            nodes = []
            for p_index, parent in enumerate(parents):
                for i in range(1, fanout + 1):
                    slug = f"l{level}-{p_index}-{i}"
                    nodes.append(make(parent, i, f"Bereich {slug}", slug, 0))
            created = Page.objects.bulk_create(nodes, batch_size=2000)
            parents = [
                {"path": n.path, "depth": n.depth, "url_path": n.url_path, "pk": n.pk}
                for n in created
            ]
            levels.append(created)

        teams = levels[-1]
        structural = sum(len(level) for level in levels)
        leaves = max(total_pages - 1 - structural, 0)
        children = [0] * len(teams)
        batch = []
        for j in range(leaves):
            t = j % len(teams)  # round-robin: ids interleave across the teams
            children[t] += 1
            slug = f"seite-{j}"
            parent = parents[t]
            batch.append(make(parent, children[t], f"Seite {j}", slug, 0))
            if len(batch) >= 5000:
                Page.objects.bulk_create(batch, batch_size=5000)
                batch = []
        if batch:
            Page.objects.bulk_create(batch, batch_size=5000)

        # numchild drives treebeard's and Wagtail's child handling; set it as
        # add_child would have.
        Page.objects.filter(pk=home.pk).update(numchild=FANOUT[0])
        for level_nodes, fanout in zip(levels[:-1], FANOUT[1:], strict=True):
            Page.objects.filter(pk__in=[n.pk for n in level_nodes]).update(numchild=fanout)
        for team, count in zip(teams, children, strict=True):
            team.numchild = count
        Page.objects.bulk_update(teams, ["numchild"], batch_size=2000)
    return levels


def restrict(levels, r, user):
    """Put R group restrictions on the nodes of one level, one fresh group
    each, and make ``user`` a member of ``min(MEMBERSHIPS, R // 2)`` of them,
    spread evenly (at R = 5 a user in all groups would fail none)."""
    nodes = levels[LEVELS[r]]
    assert len(nodes) == r
    with transaction.atomic():
        PageViewRestriction.objects.all().delete()
        Group.objects.filter(name__startswith="bench-").delete()
        groups = Group.objects.bulk_create([Group(name=f"bench-{r}-{i}") for i in range(r)])
        restrictions = PageViewRestriction.objects.bulk_create(
            [
                PageViewRestriction(page=node, restriction_type=BaseViewRestriction.GROUPS)
                for node in nodes
            ]
        )
        through = PageViewRestriction.groups.through
        through.objects.bulk_create(
            [
                through(pageviewrestriction_id=res.pk, group_id=g.pk)
                for res, g in zip(restrictions, groups, strict=True)
            ]
        )
        member = min(MEMBERSHIPS, r // 2)
        user.groups.set([groups[i * r // member] for i in range(member)])
        # bulk_create skips our signal handlers, so fill the index in one go.
        rebuild_all()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return member


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def make_caller(viewset_class, user_pk):
    """A function serving one listing request through the viewset with DRF's
    request factory, so both viewsets carry exactly the same overhead (no
    middleware, no session). The user is loaded fresh per request, as the
    session middleware would, so nothing cached on the user object carries
    over between requests."""
    view = viewset_class.as_view({"get": "listing_view"})
    factory = APIRequestFactory()

    def call():
        user = User.objects.get(pk=user_pk)
        request = factory.get(URL)
        # The stock viewset builds detail URLs through the router the URL
        # conf normally attaches; ours registers "pages" under the same names.
        request.wagtailapi_router = api_router
        force_authenticate(request, user=user)
        start = time.perf_counter()
        response = view(request)
        response.render()
        elapsed = time.perf_counter() - start
        return response, elapsed

    return call


def make_client_caller(user):
    """Ours through the full stack: URL conf, middleware, session login."""
    client = Client()
    client.force_login(user)

    def call():
        start = time.perf_counter()
        response = client.get(URL)
        elapsed = time.perf_counter() - start
        return response, elapsed

    return call


def count_queries(call):
    """Queries of one request, counted in a separate, untimed request (the
    capture itself would slow the timed ones)."""
    with CaptureQueriesContext(connection) as ctx:
        response, _ = call()
    return response, len(ctx.captured_queries)


def measure(callers, n, budget):
    """Time ``n`` requests per caller, interleaved so drift in machine load
    hits every caller alike. A caller whose timed requests have used up
    ``budget`` seconds stops after at least 5 (the stock listing takes seconds
    per request at R = 500, and the whole run has to fit in minutes).
    Returns {name: [seconds]}."""
    for call in callers.values():
        for _ in range(3):  # warm-up
            call()
    times = {name: [] for name in callers}
    for _ in range(n):
        for name, call in callers.items():
            if len(times[name]) >= 5 and sum(times[name]) > budget:
                continue
            response, elapsed = call()
            assert response.status_code == 200, (name, response.status_code)
            times[name].append(elapsed)
    return times


def machine():
    """nproc, CPU model and PostgreSQL version, for the results file."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return os.cpu_count(), cpu, pg


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20000, help="pages in the tree")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per path")
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds of timed requests per path and R before stopping early (min. 5 requests)",
    )
    parser.add_argument("--rs", default="5,50,500", help="comma-separated R values (5, 50, 500)")
    parser.add_argument("--no-write", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args()
    rs = [int(r) for r in args.rs.split(",")]
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL (see bench/README.md).")

    t0 = time.perf_counter()
    levels = build_tree(args.pages)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE wagtailcore_page")
    total = Page.objects.count()
    build_s = time.perf_counter() - t0
    print(f"built tree: {total} pages in {build_s:.1f}s", flush=True)

    user, _ = User.objects.get_or_create(username="bench-reader")
    user.is_superuser = False
    user.save()

    rows = []
    for r in rs:
        t1 = time.perf_counter()
        member = restrict(levels, r, user)
        index_rows = connection.cursor()
        index_rows.execute("SELECT count(*) FROM permissions_pagerestrictionindex")
        index_count = index_rows.fetchone()[0]
        print(
            f"R={r}: restrictions + index ({index_count} rows) in {time.perf_counter() - t1:.1f}s",
            flush=True,
        )
        callers = {
            "ours": make_caller(IntranetPagesAPIViewSet, user.pk),
            "stock": make_caller(PagesAPIViewSet, user.pk),
            "ours_client": make_client_caller(user),
        }
        queries, totals = {}, {}
        for name, call in callers.items():
            response, queries[name] = count_queries(call)
            assert response.status_code == 200, (name, response.status_code)
            data = response.data if hasattr(response, "data") else response.json()
            totals[name] = data["meta"]["total_count"]
        times = measure(callers, args.requests, args.budget)
        row = {
            "r": r,
            "member": member,
            "totals": totals,
            "queries": queries,
            "n": {k: len(v) for k, v in times.items()},
            "median": {k: statistics.median(v) * 1000 for k, v in times.items()},
            "p95": {k: percentile(v, 95) * 1000 for k, v in times.items()},
        }
        rows.append(row)
        print(
            f"  ours {row['median']['ours']:.1f}/{row['p95']['ours']:.1f} ms "
            f"({queries['ours']} q), stock {row['median']['stock']:.1f}/"
            f"{row['p95']['stock']:.1f} ms ({queries['stock']} q), "
            f"totals {totals}",
            flush=True,
        )

    report(args, total, build_s, rows)


def report(args, total, build_s, rows):
    """Print the table and append a dated section to bench/RESULTS.md."""
    header = (
        "| R | member of | fails | ours median ms | ours p95 ms | stock median ms "
        "| stock p95 ms | timed requests ours/stock | ours/stock (median) | queries ours/stock "
        "| ours via Client median/p95 ms (queries) | total_count ours/stock |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    mismatches = []
    for row in rows:
        m, p, q, t = row["median"], row["p95"], row["queries"], row["totals"]
        if t["ours"] != t["stock"]:
            mismatches.append(row["r"])
        lines.append(
            f"| {row['r']} | {row['member']} | {row['r'] - row['member']} "
            f"| {m['ours']:.1f} | {p['ours']:.1f} | {m['stock']:.1f} | {p['stock']:.1f} "
            f"| {row['n']['ours']} / {row['n']['stock']} | {m['ours'] / m['stock']:.3f} "
            f"| {q['ours']} / {q['stock']} "
            f"| {m['ours_client']:.1f} / {p['ours_client']:.1f} ({q['ours_client']}) "
            f"| {t['ours']} / {t['stock']} |"
        )
    table = header + "\n".join(lines) + "\n"
    print()
    print(table)
    if mismatches:
        print(f"WARNING: total_count differs between ours and stock at R={mismatches}")

    nproc, cpu, pg = machine()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    same = f"no, at R={mismatches}" if mismatches else "yes"
    section = (
        f"\n## {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {commit}\n\n"
        f"- machine: {nproc} CPUs ({cpu}), PostgreSQL {pg}, Python {platform.python_version()}\n"
        f"- data: {total} pages (`--pages {args.pages}`), built in {build_s:.0f}s; "
        f"up to {args.requests} timed requests per path after 3 warm-up requests, "
        f"interleaved, each path stopping early once its timed requests exceed "
        f"{args.budget:.0f}s (min. 5)\n"
        f"- request: `GET {URL}`; ours and stock both through DRF's request factory "
        f"(same overhead); the Client column is ours through the full middleware stack\n"
        f"- total_count ours = stock at every R: {same}\n\n" + table
    )
    if not args.no_write:
        path = ROOT / "bench" / "RESULTS.md"
        if not path.exists():
            path.write_text(
                "# Permission-aware page listing: benchmark results\n\n"
                "Written by `bench/permission_listing.py`; newest section last.\n"
            )
        with path.open("a") as fh:
            fh.write(section)
        print(f"appended to {path}")


if __name__ == "__main__":
    main()
