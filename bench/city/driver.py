"""Driver of ``make bench`` (called by scripts/bench.sh once gunicorn runs).

    python bench/city/driver.py --host http://127.0.0.1:PORT --master-pid PID ...

1. writes the locust fixture (sessions, tokens, engine bodies) in-process;
2. runs locust headless in a second process, phase "paired" (the ratio table);
3. runs locust again, phase "mixed" (200 users, 5 minutes), sampling the RSS
   of every gunicorn worker from /proc meanwhile;
4. measures indexing throughput against the engine's raw bulk API;
5. prints one table, writes raw data to bench/results/ and appends a dated
   section to bench/RESULTS.md (report.py).

With ``--indexing-only`` (``BENCH_ONLY=indexing make bench``) only step 4
runs, and its section names the phase; ``--host`` and ``--master-pid`` are
not needed then."""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.city.settings")

import django  # noqa: E402

django.setup()

from bench.city import prepare, report  # noqa: E402

HERE = Path(__file__).resolve().parent


def workers_of(master_pid):
    """PIDs of the gunicorn workers (children of the master)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def rss_mb(pid):
    """Resident set size of a process in MiB (VmRSS), or None if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    """Samples the RSS of every worker every few seconds until stopped."""

    def __init__(self, master_pid, interval=5.0):
        super().__init__(daemon=True)
        self.master_pid, self.interval = master_pid, interval
        self.samples, self._stop_event = [], threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            for pid in workers_of(self.master_pid):
                value = rss_mb(pid)
                if value is not None:
                    self.samples.append({"t": time.time(), "pid": pid, "rss_mb": value})
            self._stop_event.wait(self.interval)

    def stop(self):
        self._stop_event.set()
        self.join()


def run_locust(host, phase, users, spawn_rate, run_time, fixture_path, out_prefix, wait):
    """locust headless in its own process; returns the rows of its stats CSV."""
    env = dict(os.environ, BENCH_FIXTURE=str(fixture_path), BENCH_PHASE=phase, BENCH_WAIT=wait)
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        run_time,
        "--csv",
        str(out_prefix),
        "--only-summary",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
    ]
    print(f"== locust {phase}: {users} users, {run_time}", flush=True)
    subprocess.run(command, env=env, check=False, cwd=ROOT)
    with open(f"{out_prefix}_stats.csv") as fh:
        rows = list(csv.DictReader(fh))
    failures = []
    failures_path = Path(f"{out_prefix}_failures.csv")
    if failures_path.exists():
        with failures_path.open() as fh:
            failures = list(csv.DictReader(fh))
    return rows, failures


def measure_indexing(args):
    """Step 4: ours against raw bulk, printed as it ends."""
    print(f"== indexing throughput ({args.index_docs} documents)", flush=True)
    indexing = prepare.indexing_throughput(limit=args.index_docs)
    print(
        f"per chunk: ours {statistics.median(indexing['ours']):.0f}/s, "
        f"raw {statistics.median(indexing['raw']):.0f}/s; whole passes: "
        f"ours {indexing['ours_overall']:.0f}/s, raw {indexing['raw_overall']:.0f}/s",
        flush=True,
    )
    return indexing


def indexing_only(args, info, results):
    """Only step 4; writes its data and a short section."""
    from wagtail.models import Page

    data = {"info": info, "indexing": measure_indexing(args), "pages": Page.objects.count()}
    (results / "data.json").write_text(json.dumps(data, indent=1))
    publish(args, results, report.render_indexing(data))
    return 0


def publish(args, results, text):
    """Print the section, keep it with the run, and append it to RESULTS.md."""
    print()
    print(text)
    (results / "table.md").write_text(text)
    if not args.no_write:
        report.append_results(ROOT / "bench" / "RESULTS.md", text)
        print("appended to bench/RESULTS.md")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host")
    parser.add_argument("--master-pid", type=int)
    parser.add_argument("--results", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--paired-users", type=int, default=2)
    parser.add_argument("--paired-time", default="120s")
    parser.add_argument("--mixed-users", type=int, default=200)
    parser.add_argument("--mixed-time", default="5m")
    parser.add_argument("--wait", default="5,15", help="think time of mixed users, s (min,max)")
    parser.add_argument("--index-docs", type=int, default=10000)
    parser.add_argument("--info", default="{}", help="JSON from bench.sh (seed, rebuild time …)")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument(
        "--indexing-only", action="store_true", help="only the indexing throughput phase"
    )
    args = parser.parse_args()
    if not args.indexing_only and (not args.host or not args.master_pid):
        parser.error("--host and --master-pid are required (except with --indexing-only)")
    info = json.loads(args.info)
    results = Path(args.results) / time.strftime("%Y%m%d-%H%M%S")
    results.mkdir(parents=True, exist_ok=True)
    if args.indexing_only:
        return indexing_only(args, info, results)

    print("== fixture (sessions, tokens, engine bodies)", flush=True)
    fixture_path = results / "fixture.json"
    people = prepare.fixture(fixture_path, args.mixed_users, args.paired_users)
    print(json.dumps(people), flush=True)

    paired, paired_failures = run_locust(
        args.host,
        "paired",
        args.paired_users,
        args.paired_users,
        args.paired_time,
        fixture_path,
        results / "paired",
        "0,0",
    )
    sampler = MemorySampler(args.master_pid)
    sampler.start()
    mixed, mixed_failures = run_locust(
        args.host,
        "mixed",
        args.mixed_users,
        max(args.mixed_users // 30, 1),
        args.mixed_time,
        fixture_path,
        results / "mixed",
        args.wait,
    )
    sampler.stop()

    indexing = measure_indexing(args)
    data = {
        "info": info,
        "people": people,
        "paired": paired,
        "paired_failures": paired_failures,
        "mixed": mixed,
        "mixed_failures": mixed_failures,
        "memory": sampler.samples,
        "indexing": indexing,
        "args": vars(args),
    }
    (results / "data.json").write_text(json.dumps(data, indent=1))
    (results / "fixture.json").unlink()  # sessions and tokens: not kept
    publish(args, results, report.render(data))
    failures = sum(int(row["Failure Count"]) for row in mixed if row["Name"] != "Aggregated")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
