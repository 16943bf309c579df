"""The full reliability run: load, runaway queries and faults against a real server on the
loopback, with the figures written to bench/RELIABILITY.md.

    python -m bench.reliability --full     # 64 clients for 60 s, 10 runaways, faults (~5 min)
    python -m bench.reliability            # the same steps, shortened (~1 min), no report

tests/wiring/test_reliability.py runs a reduced form of the same scenarios in CI; both use
bench/stress.py. Every request goes to 127.0.0.1 and every loop has a deadline.
"""

from __future__ import annotations

import argparse
import json
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from server.core.config import REPOSITORY_ROOT, SETTINGS, load_config
from server.store import disk as stores

from . import stress
from .live_server import LiveServer, live_server

REPORT = REPOSITORY_ROOT / "bench" / "RELIABILITY.md"
FAULT_TESTS = [
    "tests/wiring/test_reliability.py::test_damaged_store_is_reported_and_rebuilt_at_start",
    "tests/wiring/test_reliability.py::test_server_started_on_a_store_of_another_version_rebuilds_and_serves",
    "tests/wiring/test_reliability.py::test_store_that_cannot_be_rebuilt_stops_the_start_with_a_clear_error",
    "tests/wiring/test_reliability.py::test_build_killed_at_each_step_leaves_the_served_store_usable",
    "tests/wiring/test_reliability.py::test_build_on_a_full_disk_fails_cleanly_and_keeps_the_served_store",
    "tests/store/test_interrupted_build.py",
]


@dataclass(frozen=True)
class Plan:
    clients: int  # load step
    seconds: float
    runaways: int
    runaway_seconds: float  # how long runaway clients keep sending
    normal_clients: int  # ordinary traffic beside the runaways
    quiet_seconds: float
    kill_clients: int
    kill_seconds: float
    query_timeout: float | None  # None: the production default


FULL = Plan(64, 60, 10, 65, 8, 20, 32, 20, None)
SHORT = Plan(16, 10, 3, 12, 4, 5, 8, 8, 4.0)


def default(name: str) -> Any:
    return next(s.default for s in SETTINGS if s.name == name)


def mib(size: int) -> float:
    return round(size / 2**20, 1)


def by_kind(result: stress.LoadResult) -> dict[str, dict[str, float]]:
    kinds = {"query:": "example queries", "page:": "entity pages (HTML)", "doc:": "documents"}
    return {
        label: {
            "requests": len(result.latencies(prefix)),
            "p50_ms": round(result.percentile(50, prefix) * 1000, 1),
            "p99_ms": round(result.percentile(99, prefix) * 1000, 1),
        }
        for prefix, label in kinds.items()
        if result.latencies(prefix)
    }


def load_step(server: LiveServer, mix: list[stress.Target], plan: Plan) -> dict[str, Any]:
    pid = server.process.pid
    rss_before = stress.tree_rss(pid)
    result = stress.run_load(server.url, mix, clients=plan.clients, seconds=plan.seconds)
    stress.wait_until_idle(pid, limit=60)
    return {
        **result.summary(),
        "failures": len(result.failures),
        "server_errors": len(result.server_errors),
        "kinds": by_kind(result),
        "rss_before_mib": mib(rss_before),
        "rss_after_mib": mib(stress.tree_rss(pid)),
    }


def runaway_step(server: LiveServer, mix: list[stress.Target], plan: Plan) -> dict[str, Any]:
    pid = server.process.pid

    def ordinary(seconds: float) -> stress.LoadResult:
        return stress.run_load(
            server.url, mix, clients=plan.normal_clients, seconds=seconds, pause=0.02
        )

    stress.wait_until_idle(pid, limit=60)
    quiet = ordinary(plan.quiet_seconds)
    processes = len(stress.process_tree(pid))
    rss_before = stress.tree_rss(pid)
    with stress.runaway_clients(server.url, plan.runaways, plan.runaway_seconds) as outcomes:
        time.sleep(1)
        busy = ordinary(plan.runaway_seconds - 5)
    peak_processes = len(stress.process_tree(pid))
    settled = stress.wait_until_idle(pid, limit=120)
    quiet_again = ordinary(plan.quiet_seconds)
    deadline = time.monotonic() + 30
    while len(stress.process_tree(pid)) != processes and time.monotonic() < deadline:
        time.sleep(0.5)
    durations = sorted(o.seconds for o in outcomes)
    quiet_p50 = max(quiet.percentile(50), quiet_again.percentile(50))
    return {
        "runaways": len(outcomes),
        "runaway_statuses": dict(sorted(Counter(o.status for o in outcomes).items())),
        "runaways_with_time_limit_text": sum("time limit" in o.text for o in outcomes),
        "runaway_seconds_min": round(durations[0], 2) if durations else None,
        "runaway_seconds_max": round(durations[-1], 2) if durations else None,
        "quiet": {**quiet.summary(), "kinds": by_kind(quiet)},
        "busy": {**busy.summary(), "kinds": by_kind(busy)},
        "quiet_again": {**quiet_again.summary(), "kinds": by_kind(quiet_again)},
        "p50_ratio": round(busy.percentile(50) / quiet_p50, 2),
        "p99_ratio": round(
            busy.percentile(99) / max(quiet.percentile(99), quiet_again.percentile(99)), 2
        ),
        "busy_server_errors": len(busy.server_errors),
        "busy_failures": len(busy.failures),
        "processes_before": processes,
        "processes_peak": peak_processes,
        "processes_after": len(stress.process_tree(pid)),
        "rss_before_mib": mib(rss_before),
        "rss_after_mib": mib(stress.tree_rss(pid)),
        "seconds_to_idle": round(settled, 1),
    }


def kill_step(server: LiveServer, mix: list[stress.Target], plan: Plan) -> dict[str, Any]:
    master = server.process.pid
    victim = stress.web_workers(master)[0]
    box: dict[str, stress.LoadResult] = {}
    load = threading.Thread(
        target=lambda: box.setdefault(
            "load",
            stress.run_load(server.url, mix, clients=plan.kill_clients, seconds=plan.kill_seconds),
        )
    )
    load.start()
    time.sleep(plan.kill_seconds / 4)
    descendants = victim.children(recursive=True)
    killed_at = time.monotonic()
    victim.send_signal(signal.SIGKILL)
    replaced_after = None
    while time.monotonic() - killed_at < 30:
        if len([w for w in stress.web_workers(master) if w.pid != victim.pid]) == 2:
            replaced_after = round(time.monotonic() - killed_at, 2)
            break
        time.sleep(0.05)
    load.join(plan.kill_seconds + 120)
    _, alive = psutil.wait_procs(descendants, timeout=10)
    result = box["load"]
    later = [s for s in result.samples if s.started > killed_at + 1.0]
    return {
        **result.summary(),
        "failures": len(result.failures),
        "server_errors": len(result.server_errors),
        "worker_replaced_after_s": replaced_after,
        "processes_left_by_the_killed_worker": len(alive),
        "requests_after_kill_plus_1s": len(later),
        "non_200_after_kill_plus_1s": sum(s.status != 200 for s in later),
    }


def fault_step() -> dict[str, Any]:
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *FAULT_TESTS],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = [line for line in finished.stdout.splitlines() if line.strip()]
    return {
        "exit_code": finished.returncode,
        "summary": lines[-1] if lines else "(no output)",
        "seconds": round(time.monotonic() - started, 1),
        "skipped": [line for line in lines if line.startswith("SKIPPED")],
    }


def run(plan: Plan) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if plan.query_timeout is not None:
        settings["query_timeout"] = plan.query_timeout
    with tempfile.TemporaryDirectory(prefix="zhusan-reliability-") as folder:
        data = Path(folder) / "data"
        built = stores.build(load_config({"data_dir": str(data)}, environ={}))
        with live_server(data, Path(folder) / "server.log", **settings) as server:
            mix = stress.example_queries() + stress.entity_pages(server.url, limit=200)
            figures: dict[str, Any] = {
                "quads": sum(built.counts.values()),
                "targets": len(mix),
                "settings": {
                    name: settings.get(name, default(name))
                    for name in ("workers", "threads", "query_workers", "query_timeout")
                },
            }
            for name, step in (("load", load_step), ("runaway", runaway_step)):
                print(f"· {name} …", file=sys.stderr, flush=True)
                figures[name] = step(server, mix, plan)
            print("· kill …", file=sys.stderr, flush=True)
            figures["kill"] = kill_step(server, mix, plan)
            log = server.log_lines()
            figures["crashed_query_processes"] = sum("query worker died" in line for line in log)
            figures["tracebacks_in_log"] = sum(line.startswith("Traceback") for line in log)
    print("· faults …", file=sys.stderr, flush=True)
    figures["faults"] = fault_step()
    return figures


def verdicts(f: dict[str, Any]) -> list[tuple[str, bool]]:
    load, runaway, kill = f["load"], f["runaway"], f["kill"]
    return [
        ("load: no 5xx and no unanswered request", not load["server_errors"] + load["failures"]),
        (
            "runaways: every one answered 503 with the time-limit message",
            runaway["runaway_statuses"] == {503: runaway["runaways"]}
            and runaway["runaways_with_time_limit_text"] == runaway["runaways"],
        ),
        ("runaways: ordinary p50 within 2x of the quiet p50", runaway["p50_ratio"] <= 2),
        (
            "runaways: no 5xx or failure in ordinary traffic",
            not runaway["busy_server_errors"] + runaway["busy_failures"],
        ),
        (
            "runaways: every runaway process gone, memory back",
            runaway["processes_after"] == runaway["processes_before"]
            and runaway["rss_after_mib"] <= runaway["rss_before_mib"] * 1.25 + 32,
        ),
        (
            "kill: worker replaced, none of its processes left",
            kill["worker_replaced_after_s"] is not None
            and not kill["processes_left_by_the_killed_worker"],
        ),
        (
            "kill: no 5xx; every request 1 s after the kill answered 200",
            not kill["server_errors"] and not kill["non_200_after_kill_plus_1s"],
        ),
        (
            "no query process crashed; no traceback in the server log",
            not f["crashed_query_processes"] and not f["tracebacks_in_log"],
        ),
        ("faults: damaged stores, killed builds, full disk", f["faults"]["exit_code"] == 0),
    ]


def kinds_table(title: str, step: dict[str, Any]) -> list[str]:
    rows = [f"| {title} | requests | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
    rows.append(f"| all | {step['requests']} | {step['p50_ms']} | {step['p99_ms']} |")
    for kind, figures in step["kinds"].items():
        rows.append(
            f"| {kind} | {figures['requests']} | {figures['p50_ms']} | {figures['p99_ms']} |"
        )
    return rows


def report(f: dict[str, Any], plan: Plan, seconds: float) -> str:
    load, runaway, kill = f["load"], f["runaway"], f["kill"]
    s = f["settings"]
    lines = [
        "# Reliability: the full run",
        "",
        f"Written by `python -m bench.reliability --full` (`make reliability-full`) on "
        f"{time.strftime('%Y-%m-%d')}: {platform.machine()}, {psutil.cpu_count()} cores, "
        f"Python {platform.python_version()}, in {seconds / 60:.1f} min. The load generator "
        "runs on the same machine as the server (all traffic on 127.0.0.1), so it takes part "
        "of the two cores. The CI form of every step is tests/wiring/test_reliability.py.",
        "",
        f"Server settings: {s['workers']} gunicorn workers × {s['threads']} threads, "
        f"{s['query_workers']} query processes per worker, time limit {s['query_timeout']} s; "
        f"store of {f['quads']} quads; the mix is the {len(stress.example_queries())} "
        f"example queries and the HTML page and Turtle document of up to 200 things "
        f"({f['targets']} targets).",
        "",
        "## Verdicts",
        "",
        *[f"- {'PASS' if ok else 'FAIL'}: {text}" for text, ok in verdicts(f)],
        "",
        f"## Load: {plan.clients} clients for {plan.seconds:g} s, as fast as answered",
        "",
        f"{load['requests']} requests ({load['per_second']}/s); statuses "
        f"{load['statuses']}; {load['failures']} unanswered; {load['server_errors']} 5xx. "
        f"Server memory (all processes): {load['rss_before_mib']} MiB before, "
        f"{load['rss_after_mib']} MiB after.",
        "",
        *kinds_table("Load", load),
        "",
        f"## Runaway queries: {plan.runaways} clients sending queries that would run for "
        "years, beside ordinary traffic",
        "",
        f"Ordinary traffic: {plan.normal_clients} clients, each pausing 20 ms between "
        f"requests. Quiet for {plan.quiet_seconds:g} s, then {plan.runaway_seconds - 5:g} s "
        f"beside the runaways, then quiet again for {plan.quiet_seconds:g} s.",
        "",
        f"- runaways sent: {runaway['runaways']}; statuses {runaway['runaway_statuses']}; "
        f"with the time-limit message: {runaway['runaways_with_time_limit_text']}; each "
        f"answered after {runaway['runaway_seconds_min']}–{runaway['runaway_seconds_max']} s",
        f"- ordinary p50: ×{runaway['p50_ratio']} the quiet figure (the larger of the two "
        f"quiet runs); p99: ×{runaway['p99_ratio']}",
        f"- server processes: {runaway['processes_before']} before, "
        f"{runaway['processes_peak']} at the end of the runaways, "
        f"{runaway['processes_after']} after; memory {runaway['rss_before_mib']} MiB before, "
        f"{runaway['rss_after_mib']} MiB after (idle again {runaway['seconds_to_idle']} s "
        "after the last runaway)",
        "",
        *kinds_table("Quiet", runaway["quiet"]),
        "",
        *kinds_table("Beside the runaways", runaway["busy"]),
        "",
        *kinds_table("Quiet again", runaway["quiet_again"]),
        "",
        f"## A gunicorn worker killed with SIGKILL under load ({plan.kill_clients} clients, "
        f"{plan.kill_seconds:g} s)",
        "",
        f"- replaced after {kill['worker_replaced_after_s']} s; processes the killed worker "
        f"left running: {kill['processes_left_by_the_killed_worker']}",
        f"- {kill['requests']} requests: statuses {kill['statuses']} (0 = no answer: the "
        f"requests in flight on the killed worker); 5xx: {kill['server_errors']}",
        f"- from 1 s after the kill: {kill['requests_after_kill_plus_1s']} requests, "
        f"{kill['non_200_after_kill_plus_1s']} not answered 200",
        "",
        "## Faults",
        "",
        "Damaged stores at start (bad manifest, another format version, RocksDB files "
        "missing or truncated, a `current` link to a removed store), a store that cannot be "
        "rebuilt, a build killed at each step and at three moments, a build on a full disk:",
        "",
        f"    {f['faults']['summary']}  (exit code {f['faults']['exit_code']}, "
        f"{f['faults']['seconds']} s)",
        *[f"    {line}" for line in f["faults"]["skipped"]],
        "",
        "## Raw figures",
        "",
        "```json",
        json.dumps(f, indent=2, ensure_ascii=False, default=str),
        "```",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability", description=__doc__)
    parser.add_argument("--full", action="store_true", help="the full run, written to the report")
    parser.add_argument("--report", type=Path, help=f"where to write it (default {REPORT})")
    args = parser.parse_args(argv)
    plan = FULL if args.full else SHORT
    started = time.monotonic()
    figures = run(plan)
    elapsed = time.monotonic() - started
    results = verdicts(figures)
    for text, ok in results:
        print(f"{'PASS' if ok else 'FAIL'}: {text}")
    if args.full or args.report:
        target = args.report or REPORT
        target.write_text(report(figures, plan, elapsed), encoding="utf-8")
        print(f"wrote {target}")
    else:
        print(json.dumps(figures, indent=2, default=str))
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
