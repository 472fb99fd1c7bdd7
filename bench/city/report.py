"""The table of ``make bench``: ratios measured in one run, each figure with
median and p95, the mixed load per action, and the machine it ran on."""

import datetime
import os
import platform
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def machine(info):
    """One line: cores, CPU, memory, PostgreSQL, engine, Python."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB RAM, "
        f"PostgreSQL {info.get('postgres', '?')}, {info.get('engine', 'search engine ?')}, "
        f"Python {platform.python_version()}, gunicorn {info.get('workers', '?')} sync workers"
    )


def commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _row(rows, name):
    for row in rows:
        if row["Name"] == name:
            return {
                "n": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median": float(row["50%"]),
                "p95": float(row["95%"]),
            }
    return None


def _fmt(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def ratio_lines(data):
    """(label, ours, base, unit, ratio median, ratio p95, target text, met)."""
    paired = data["paired"]
    lines = []
    pairs = (
        (
            "Page listing `/api/v2/pages/?limit=20`: ours / stock Wagtail v2",
            "listing: ours",
            "listing: stock",
            "< 1",
            lambda r: r < 1,
        ),
        (
            "Search `/api/v2/search/?q=`: ours / same query straight to the engine, untrimmed",
            "search: ours",
            "search: engine untrimmed",
            "≤ 1.3",
            lambda r: r <= 1.3,
        ),
        (
            "Search in the engine: trimmed / untrimmed (the cost of the one trimming filter)",
            "search: engine trimmed",
            "search: engine untrimmed",
            "≤ 1.3",
            lambda r: r <= 1.3,
        ),
        (
            "Search: ours / stock Wagtail v2 `?search=` (database backend)",
            "search: ours",
            "search: stock",
            "–",
            None,
        ),
        (
            "Start page `/` signed in: ours / floor (template from precomputed context)",
            "start page: ours",
            "start page: floor",
            "≤ 3",
            lambda r: r <= 3,
        ),
    )
    for label, ours_name, base_name, target, check in pairs:
        ours, base = _row(paired, ours_name), _row(paired, base_name)
        if ours is None or base is None or not base["median"]:
            lines.append((label, ours, base, "ms", None, None, target, None))
            continue
        r_med, r_p95 = ours["median"] / base["median"], ours["p95"] / base["p95"]
        met = check(r_med) if check else None
        lines.append((label, ours, base, "ms", r_med, r_p95, target, met))
    lines.append(indexing_line(data["indexing"]))
    return lines


def indexing_line(idx):
    """The indexing row: ours (per chunk) against raw bulk on the same documents."""
    ours = {
        "n": len(idx["ours"]),
        "median": statistics.median(idx["ours"]),
        "p95": percentile(idx["ours"], 5),
    }
    raw = {
        "n": len(idx["raw"]),
        "median": statistics.median(idx["raw"]),
        "p95": percentile(idx["raw"], 5),
    }
    r = ours["median"] / raw["median"]
    if idx.get("method") == "index_all":
        how = "ours (`index_all`: build overlapping the background bulk sender)"
    else:
        how = "ours (build, then bulk)"
    return (
        f"Indexing, documents/s per chunk of {idx['chunk']}: {how} / raw bulk of the same "
        "documents (p95 column: the slowest 5 %)",
        ours,
        raw,
        "docs/s",
        r,
        ours["p95"] / raw["p95"],
        "≥ 0.5",
        r >= 0.5,
    )


def whole_passes(idx):
    """One line: the indexing rates over whole passes (not per chunk)."""
    if "ours_overall" not in idx:
        return "- indexing: build and bulk one after the other per chunk"
    ratio = idx["ours_overall"] / idx["raw_overall"]
    return (
        f"- indexing over whole passes of {idx['documents']} documents: ours "
        f"{_fmt(idx['ours_overall'])} docs/s, raw bulk {_fmt(idx['raw_overall'])} docs/s "
        f"(ratio {_fmt(ratio, 2)}; raw: mean of a pass before and one after ours)"
    )


def render_indexing(data):
    """A section with the indexing row alone (``bench.sh`` with BENCH_ONLY=indexing)."""
    info, idx = data["info"], data["indexing"]
    label, ours, raw, unit, r_med, r_p95, target, met = indexing_line(idx)
    now = datetime.datetime.now(datetime.UTC)
    out = [
        f"## {now:%Y-%m-%d %H:%M} UTC, commit {commit()} — indexing phase only",
        "",
        f"- machine: {machine(info)}",
        f"- data: `seed_scale {info.get('seed_args', '')}` → {data['pages']} pages, "
        f"seeded in {info.get('seed_seconds', '?')} s; first {idx['documents']} index "
        f"documents; same documents in both: {'yes' if idx.get('same_documents') else 'no'}",
        whole_passes(idx),
        "",
        "| comparison | ours median | ours p95 | baseline median | baseline p95 | unit "
        "| n ours/base | ratio median | ratio p95 | target | met |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|",
        f"| {label} | {_fmt(ours['median'])} | {_fmt(ours['p95'])} | {_fmt(raw['median'])} "
        f"| {_fmt(raw['p95'])} | {unit} | {ours['n']} / {raw['n']} | {_fmt(r_med, 2)} "
        f"| {_fmt(r_p95, 2)} | {target} | {'yes' if met else 'no'} |",
    ]
    return "\n".join(out) + "\n"


def render(data):
    info = data["info"]
    now = datetime.datetime.now(datetime.UTC)
    people = data["people"]
    out = [
        f"## {now:%Y-%m-%d %H:%M} UTC, commit {commit()}",
        "",
        f"- machine: {machine(info)}",
        f"- data: `seed_scale {info.get('seed_args', '')}` → {people['pages']} pages "
        f"({people['restricted_pages']} carrying a view restriction), seeded in "
        f"{info.get('seed_seconds', '?')} s; bench people fail a median of "
        f"{people['failed_restrictions_median']} restrictions",
        f"- `rebuild_index` of the whole data set: {info.get('rebuild_seconds', '?')} s "
        f"for {info.get('indexed', '?')} documents (one run: median = p95)",
        whole_passes(data["indexing"]),
        f"- ratio phase: {data['args']['paired_users']} locust users in a second process, "
        f"{data['args']['paired_time']}, every pair requested in turn by the same user "
        f"({', '.join(people['paired_people'])})",
        "",
        "| comparison | ours median | ours p95 | baseline median | baseline p95 | unit "
        "| n ours/base | ratio median | ratio p95 | target | met |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|",
    ]
    for label, ours, base, unit, r_med, r_p95, target, met in ratio_lines(data):
        n = f"{ours['n'] if ours else 0} / {base['n'] if base else 0}"
        out.append(
            f"| {label} | {_fmt(ours and ours['median'])} | {_fmt(ours and ours['p95'])} "
            f"| {_fmt(base and base['median'])} | {_fmt(base and base['p95'])} | {unit} | {n} "
            f"| {_fmt(r_med, 2)} | {_fmt(r_p95, 2)} | {target} "
            f"| {'–' if met is None else ('yes' if met else 'no')} |"
        )
    memory = [s["rss_mb"] for s in data["memory"]]
    if memory:
        out.append(
            f"| Memory per gunicorn worker (RSS, sampled every 5 s under the mixed load) "
            f"| {_fmt(statistics.median(memory))} | {_fmt(percentile(memory, 95))} | | | MiB "
            f"| {len(memory)} | | | – | – |"
        )
    args = data["args"]
    out += [
        "",
        f"Mixed load: {args['mixed_users']} users for {args['mixed_time']}, think time "
        f"{args['wait']} s; 70 % start page and news, 20 % search, 10 % workspace actions "
        "(page, upload, new thread, reply):",
        "",
        "| action | requests | failures | median ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in data["mixed"]:
        out.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
            f"| {_fmt(float(row['50%']))} | {_fmt(float(row['95%']))} |"
        )
    failures = data["mixed_failures"] + data["paired_failures"]
    if failures:
        out += ["", "Failures:", ""]
        out += [f"- {f['Name']}: {f['Error']} ({f['Occurrences']}×)" for f in failures[:20]]
    return "\n".join(out) + "\n"


def append_results(path, text):
    """Append the section under the city benchmark's heading of RESULTS.md."""
    heading = "# City scale: `make bench`"
    current = path.read_text() if path.exists() else ""
    if heading not in current:
        current = current.rstrip("\n") + (
            f"\n\n{heading}\n\nWritten by `make bench` (scripts/bench.sh, bench/city/); "
            "newest section last.\n"
        )
    path.write_text(current.rstrip("\n") + "\n\n" + text)
