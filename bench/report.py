"""The results of a run and the markdown report written from them, ratios against Oxigraph's
server throughout and the issue's targets stated as met or missed."""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .load import Measurement
from .mix import BenchQuery
from .targets import TARGETS_NOTE, evaluate

Key = tuple[str, str, str, int, str]  # size, query, mode, concurrency, system


@dataclass(frozen=True)
class Agreement:
    size: str
    query: str
    text: str
    rows: int  # of the reference answer (in-process pyoxigraph)
    verdicts: dict[str, str]
    failed: bool


@dataclass(frozen=True)
class Summary:
    """The median over rounds of one cell."""

    throughput: float
    median_ms: float | None
    p99_ms: float | None
    errors: int
    rounds: int


@dataclass
class Results:
    settings: dict[str, Any]
    machine: dict[str, str]
    mix: list[BenchQuery]
    versions: dict[str, str] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    loads: dict[tuple[str, str], tuple[float | None, float, list[str]]] = field(
        default_factory=dict
    )
    memory: dict[tuple[str, str], list[tuple[str, int]]] = field(default_factory=dict)
    memory_after: dict[tuple[str, str], list[tuple[str, int]]] = field(default_factory=dict)
    agreement: list[Agreement] = field(default_factory=list)
    measurements: dict[Key, list[Measurement]] = field(default_factory=dict)
    bounds: dict[Key, float] = field(default_factory=dict)
    priors: dict[tuple[str, str, str], float] = field(default_factory=dict)
    # where the next run of (size, query, mode, system) starts in its list of query texts
    cursors: dict[tuple[str, str, str, str], int] = field(default_factory=dict)
    pools: dict[str, dict[str, int]] = field(default_factory=dict)  # distinct constants per size
    client_capacity: Measurement | None = None
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, key: Key, measured: Measurement) -> None:
        self.measurements.setdefault(key, []).append(measured)

    def latest(self, key: Key) -> Measurement | None:
        runs = self.measurements.get(key)
        return runs[-1] if runs else None

    def summary(self, key: Key) -> Summary | None:
        runs = self.measurements.get(key)
        if not runs:
            return None
        medians = [m.median_ms for m in runs if m.median_ms is not None]
        p99s = [m.p99_ms for m in runs if m.p99_ms is not None]
        return Summary(
            throughput=statistics.median(m.throughput for m in runs),
            median_ms=statistics.median(medians) if medians else None,
            p99_ms=statistics.median(p99s) if p99s else None,
            errors=sum(m.errors for m in runs),
            rounds=len(runs),
        )

    def throughput(self, key: Key) -> tuple[float | None, bool]:
        """Requests per second, and whether it is only an upper bound (rdflib-endpoint)."""
        if key in self.bounds:
            return self.bounds[key], True
        found = self.summary(key)
        return (found.throughput, False) if found else (None, False)

    def total_rss(self, size: str, system: str) -> int | None:
        sizes = self.memory.get((size, system))
        return sum(rss for _, rss in sizes) if sizes else None


def fmt_ratio(value: float | None, bound: str = "") -> str:
    if value is None:
        return "–"
    if value < 0.1:
        return f"{bound}{value:.3f}×"
    return f"{bound}{value:.2f}×" if value < 100 else f"{bound}{value:.0f}×"


def fmt_ms(value: float | None) -> str:
    return "–" if value is None else (f"{value:.2f}" if value < 100 else f"{value:.0f}")


def fmt_rate(value: float | None, upper: bool = False) -> str:
    if value is None:
        return "–"
    if upper and value == 0:
        return "none within the timeout"
    return ("≤ " if upper else "") + (f"{value:.1f}" if value < 100 else f"{value:.0f}")


def mib(value: int | None) -> str:
    return "–" if value is None else f"{value / 2**20:.0f} MiB"


ANALYSIS_NOTE = (
    "Where the time goes for each missed target, what was changed and why the rest stays: "
    "[ANALYSIS.md](ANALYSIS.md), with the request profile in [PROFILE.md](PROFILE.md) "
    "(`python -m bench.profile_request`)."
)


def skipped_text(skipped: list[tuple[str, str]]) -> str:
    if not skipped:
        return ""
    return " Not run: " + ", ".join(f"{name} at {size}" for name, size in skipped) + "."


def systems_of(results: Results) -> list[str]:
    return [s for s in results.settings["systems"] if s != "pyoxigraph"]


def render(results: Results) -> str:
    s = results.settings
    command = " ".join(["zhusan-kg bench", *sys.argv[1:]])
    quick = (
        " — **quick (CI-sized) run: small data, short measurements, one round; indicative only.**"
    )
    wrk = "wrk counts whole seconds, so at least 1 s"
    out = [
        "# Benchmark report",
        "",
        f"Written {time.strftime('%Y-%m-%d %H:%M %Z')} by `{command}`"
        + (quick if s["quick"] else "."),
        "",
        f"Machine: {results.machine['cpu']}, {results.machine['memory']}, "
        f"{results.machine['os']}, Python {results.machine['python']}. The clients and every "
        "server share these cores. Load average (1 min) when the run began: "
        f"{results.machine.get('load_start', '?')}, when it ended: "
        f"{results.machine.get('load_end', '?')}; other work on the machine adds noise.",
        "",
        f"Settings: sizes {', '.join(s['sizes'])}; {s['duration']} s per measurement "
        f"({wrk if s['client'] == 'wrk' else 'Python client'}); "
        f"lengthened up to {s['max_duration']:.0f} s where a slow query needs it, so that each "
        "client finishes at least 5 requests; "
        f"{s['rounds']} interleaved round(s), median taken; load generator `{s['client']}`; "
        f"seed {s['seed']}; request timeout {s['request_timeout']:.0f} s."
        + skipped_text(s.get("skipped", [])),
        "",
    ]
    if results.failures:
        out += ["## Failures", "", *[f"- {f}" for f in results.failures], ""]
    out += section_systems(results) + section_agreement(results)
    out += ["## Targets", "", "| Target | Status | Measured |", "|---|---|---|"]
    out += [f"| {t} | {status} | {detail} |" for t, status, detail in evaluate(results)]
    out += ["", TARGETS_NOTE, "", ANALYSIS_NOTE, ""]
    for size in results.datasets:
        out += section_size(results, size)
    out += section_client(results)
    if results.notes:
        out += ["## Notes from the run", "", *[f"- {n}" for n in results.notes], ""]
    return "\n".join(out) + "\n"


def section_systems(results: Results) -> list[str]:
    out = ["## Systems", "", "| System | Version |", "|---|---|"]
    for name in results.settings["systems"]:
        out.append(f"| {name} | {results.versions.get(name, 'not started')} |")
    out += [
        "",
        "| Size | Asserted triples | Quads in the store | Distinct triples | Inferred | "
        "Graphs | Operations |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, data in results.datasets.items():
        g = data.generated
        out.append(
            f"| {size} | {g.triples} | {data.quads} | {data.triples} | {data.inferred} | "
            f"{data.graphs} | {g.operations} |"
        )
    return [*out, ""]


def section_agreement(results: Results) -> list[str]:
    out = ["## Answers", ""]
    if not results.agreement:
        return [*out, "No agreement check was run.", ""]
    failed = [row for row in results.agreement if row.failed]
    unchecked = [
        row
        for row in results.agreement
        if any("unchecked" in v or "(answered" in v for v in row.verdicts.values())
    ]
    checked = len({(r.size, r.query) for r in results.agreement})
    if not failed:
        out.append(
            f"Every system gave the same answer as in-process pyoxigraph to every query ({checked} "
            f"query × size pairs, {len(results.agreement)} query texts: the repeated constant and "
            "two of the distinct ones)."
        )
    out += [
        "",
        "| Size | Query | Rows or triples | " + " | ".join(systems_of(results)) + " |",
        "|---|---|---|" + "---|" * len(systems_of(results)),
    ]
    seen = set()
    for row in results.agreement:
        if (row.size, row.query) in seen and not row.failed:
            continue
        seen.add((row.size, row.query))
        cells = [_short(row.verdicts.get(n, "–")) for n in systems_of(results)]
        out.append(f"| {row.size} | {row.query} | {row.rows} | " + " | ".join(cells) + " |")
    explained = set()
    for row in failed + unchecked:
        if not row.failed and (row.size, row.query) in explained:
            continue
        explained.add((row.size, row.query))
        shown = " ".join(x for x in row.text.splitlines() if not x.startswith("#"))
        out += ["", f"**{row.size} / {row.query}**: `{' '.join(shown.split())[:300]}`"]
        out += [f"- {name}: {verdict}" for name, verdict in row.verdicts.items()]
        if row.rows == 0:
            out.append("- the reference answer is empty: the check would prove nothing")
    return [*out, ""]


def _short(verdict: str) -> str:
    return verdict if len(verdict) < 60 else verdict[:57].replace("|", "/") + "…"


def section_size(results: Results, size: str) -> list[str]:
    data = results.datasets[size]
    names = systems_of(results)
    out = [f"## {size}: {data.generated.triples} asserted triples, {data.quads} quads served", ""]
    ox_load = results.loads.get((size, "oxigraph"), (None, 0.0, []))[0]
    ox_rss = results.total_rss(size, "oxigraph")
    out += [
        "| System | Load (s) | × Oxigraph | Start (s) | RSS after load | × Oxigraph | "
        "Processes | RSS after the run |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in names:
        loaded, started, _notes = results.loads.get((size, name), (None, 0.0, []))
        rss = results.total_rss(size, name)
        after = results.memory_after.get((size, name))
        each = results.memory.get((size, name), [])
        out.append(
            f"| {name} | {fmt_ms(loaded)} | {fmt_ratio(_div(loaded, ox_load))} | {started:.1f} | "
            f"{mib(rss)} | {fmt_ratio(_div(rss, ox_rss))} | "
            f"{', '.join(f'{label}: {mib(v)}' for label, v in each)} | "
            f"{mib(sum(v for _, v in after)) if after else '–'} |"
        )
    out += [""] + [
        f"- {name}: {'; '.join(n)}"
        for (sz, name), (_, _, n) in results.loads.items()
        if sz == size and n
    ]
    out += [
        f"- inference alone (in-process, `server.store.inference.infer`): {data.inference.text()}",
        f"- `zhusan-kg validate` (SHACL and the consistency report): {data.validation.text()}",
        "- the distinct mode cycles through "
        + ", ".join(f"{n} {p}" for p, n in sorted(results.pools.get(size, {}).items()))
        + " constants (each placeholder's values, shuffled); a cache larger than that could "
        "still answer repeats",
        "",
        f"### {size}: latency at one client (ms, median / p99)",
        "",
        "| Query | Mode | " + " | ".join([*names, "pyoxigraph in-process", "HTTP overhead"]) + " |",
        "|---|---|" + "---|" * (len(names) + 2),
    ]
    for query in results.mix:
        for mode in ("repeated", "distinct"):
            row = []
            for name in [*names, "pyoxigraph"]:
                found = results.summary((size, query.name, mode, 1, name))
                row.append(f"{fmt_ms(found.median_ms)} / {fmt_ms(found.p99_ms)}" if found else "–")
            zh = results.summary((size, query.name, mode, 1, "zhusan"))
            py = results.summary((size, query.name, mode, 1, "pyoxigraph"))
            overhead = (
                f"{zh.median_ms - py.median_ms:+.2f} ms"
                if zh and py and zh.median_ms is not None and py.median_ms is not None
                else "–"
            )
            if any(cell != "–" for cell in row):
                out.append(f"| {query.name} | {mode} | " + " | ".join([*row, overhead]) + " |")
    for concurrency in (8, 32):
        out += [
            "",
            f"### {size}: throughput at {concurrency} clients (requests/s, × Oxigraph server)",
            "",
            "| Query | Mode | " + " | ".join(names) + " |",
            "|---|---|" + "---|" * len(names),
        ]
        for query in results.mix:
            for mode in ("repeated", "distinct"):
                base, _ = results.throughput((size, query.name, mode, concurrency, "oxigraph"))
                row = []
                for name in names:
                    rate, upper = results.throughput((size, query.name, mode, concurrency, name))
                    found = results.summary((size, query.name, mode, concurrency, name))
                    errors = f", {found.errors} errors" if found and found.errors else ""
                    ratio = (
                        ""
                        if name == "oxigraph" or rate is None
                        else f" ({fmt_ratio(_div(rate, base))})"
                    )
                    row.append(fmt_rate(rate, upper) + ratio + errors)
                if any(cell != "–" for cell in row):
                    out.append(f"| {query.name} | {mode} | " + " | ".join(row) + " |")
    return [*out, "", *repeats(results, size)]


def repeats(results: Results, size: str) -> list[str]:
    """Where the distinct runs of a query, all rounds and concurrencies together, sent more
    requests to one system than there are constants: a cache as large as the pool could have
    answered the repeats."""
    lines = []
    for query in results.mix:
        pool = results.pools.get(size, {}).get(query.placeholder or "", 0)
        sent = {
            system: cursor
            for (sz, q, mode, system), cursor in results.cursors.items()
            if sz == size and q == query.name and mode == "distinct"
        }
        if not pool or not sent:
            continue
        most = max(sent, key=lambda system: sent[system])
        if sent[most] > pool:
            ours = sent.get("zhusan", 0)
            lines.append(
                f"- {query.name}: {pool} {query.placeholder} constants; {sent[most]} distinct "
                f"requests to {most}, each constant {sent[most] / pool:.1f} times on average"
                + (f"; {ours} to zhusan, {ours / pool:.1f} times" if ours > pool else "")
            )
    if lines:
        lines = [
            "Distinct requests that had to repeat constants, all runs together (a per-query "
            "answer cache as large as the pool could answer the repeats; larger sizes have larger "
            "pools):",
            "",
            *lines,
            "",
        ]
    return lines


def section_client(results: Results) -> list[str]:
    out = ["## The load generator", ""]
    capacity = results.client_capacity
    if capacity is None:
        return [*out, "Not checked (Oxigraph's server was not part of the run).", ""]
    cells = [
        m
        for (_, _, _, concurrency, name), runs in results.measurements.items()
        if concurrency > 1 and name != "pyoxigraph"
        for m in runs
    ]
    fastest = max(cells, key=lambda m: m.throughput, default=None)
    if fastest is None:
        return [*out, "No concurrent measurement was made.", ""]
    share = fastest.throughput / capacity.throughput if capacity.throughput else 0.0
    cores = os.cpu_count() or 1
    out.append(
        f"Against Oxigraph's server answering `ASK {{}}` (the cheapest request there is) at 8 "
        f"clients, `{results.settings['client']}` reached {capacity.throughput:.0f} requests/s, "
        f"itself using {capacity.client_cpu / capacity.seconds:.2f} of the {cores} cores. The "
        f"fastest cell of the benchmark reached {fastest.throughput:.0f} requests/s, {share:.0%} "
        f"of that, the client using {fastest.client_cpu / fastest.seconds:.2f} cores. "
        + (
            "The client is not what limits the measurements, but it does take CPU time from the "
            "servers on this machine, the most on the fastest cells."
            if share < 0.8
            else "That is close to the client's own limit: the fastest cells may be client-bound."
        )
    )
    return [*out, ""]


def _div(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def write_report(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(results), encoding="utf-8")
