"""`zhusan-kg bench` / `python -m bench.runner`: start every system on the same data, check
that they agree, measure them in interleaved rounds, and write the markdown report.

A run fails (exit status 1) when any system gives a different answer to any query of the mix,
or answers one with an error; it still writes the report, which says where.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import load
from .answers import AnswerError, disagreement, from_body, read_answer
from .dataset import Dataset, prepare
from .generate import read_entities
from .inprocess import InProcess
from .load import Measurement, Target
from .mix import BenchQuery, Constants, choose_constants, load_mix, texts
from .options import parser, settings_from
from .processes import HEALTH_QUERY, JSON, Fleet, Running, StartError
from .remote_systems import STARTERS as REMOTE_STARTERS
from .report import Agreement, Key, Results, write_report
from .systems import IN_PROCESS
from .systems import STARTERS as LOCAL_STARTERS

STARTERS = {**LOCAL_STARTERS, **REMOTE_STARTERS}
CONCURRENCY = (1, 8, 32)
MODES = ("repeated", "distinct")
REQUESTS_PER_CLIENT = 5
AGREEMENT_SAMPLES = 2  # distinct constants the agreement check uses; measurements start after


def progress(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)


def prior(results: Results, key: tuple[str, str, str], seconds: float) -> None:
    """The slowest answer a system gave to a query in the agreement check."""
    results.priors[key] = max(seconds, results.priors.get(key, 0.0))


def check_agreement(
    results: Results,
    size: str,
    mix: list[BenchQuery],
    constants: Constants,
    reference: InProcess,
    systems: list[Running],
    timeout: float,
    samples: int = AGREEMENT_SAMPLES,
) -> list[Agreement]:
    """Every system against in-process pyoxigraph, on the repeated and a few distinct texts."""
    rows = []
    for query in mix:
        variants = texts(query, constants, distinct=False)
        if query.has_distinct_mode:
            variants += texts(query, constants, distinct=True)[:samples]
        for text in variants:
            began = time.perf_counter()
            expected = from_body(reference.answer(text, query.accept), query.accept)
            prior(results, (size, query.name, reference.name), time.perf_counter() - began)
            verdicts: dict[str, str] = {}
            failed = expected.size == 0
            for system in systems:
                began = time.perf_counter()
                try:
                    status, content_type, body = load.fetch(
                        system.port, system.path_for(text), query.accept, timeout
                    )
                    prior(results, (size, query.name, system.name), time.perf_counter() - began)
                except TimeoutError:
                    prior(results, (size, query.name, system.name), timeout)
                    verdicts[system.name] = f"unchecked: no answer within {timeout:.0f} s"
                    system.wait_idle(limit=timeout)  # it is still working on that query
                    continue
                except OSError as error:
                    verdicts[system.name], failed = f"FAILED: {error}", True
                    continue
                if status != 200:
                    verdicts[system.name] = f"FAILED: HTTP {status} {body[:200]!r}"
                    failed = True
                    continue
                remark = None
                try:
                    answer, remark = read_answer(body, query.accept, content_type)
                    difference = disagreement(expected, answer)
                except AnswerError as error:
                    difference = f"unreadable answer: {error}"
                verdict = f"DISAGREES: {difference}" if difference else "agrees"
                verdicts[system.name] = verdict + (f" ({remark})" if remark else "")
                failed = failed or difference is not None
            rows.append(Agreement(size, query.name, text, expected.size, verdicts, failed))
    return rows


def measure_round(
    results: Results,
    data: Dataset,
    mix: list[BenchQuery],
    constants: Constants,
    systems: list[Running],
    reference: InProcess | None,
    round_number: int,
) -> None:
    """One round: every cell measured on every system back to back, in a rotated order."""
    s = results.settings
    order: list[Running | InProcess] = [*systems, *([reference] if reference else [])]
    shift = round_number % len(order)
    order = order[shift:] + order[:shift]
    for query in mix:
        for mode in MODES:
            if mode == "distinct" and not query.has_distinct_mode:
                continue
            variants = texts(query, constants, distinct=mode == "distinct")
            for concurrency in CONCURRENCY:
                for system in order:
                    key = (data.name, query.name, mode, concurrency, system.name)
                    seconds, latency = run_length(results, key)
                    if isinstance(system, InProcess):
                        if concurrency == 1:
                            calls = [system.call(t, query.accept) for t in variants[:2000]]
                            results.add(key, load.run_in_process(calls, seconds))
                        continue
                    # rdflib-endpoint answers one request at a time: when the run it needs
                    # exceeds the cap, its one-client rate bounds its throughput; not run.
                    slow = latency is not None and seconds >= s["max_duration"]
                    if system.name == "rdflib-endpoint" and concurrency > 1 and slow:
                        results.bounds[key] = 1.0 / latency if latency else 0.0
                        continue
                    cursor = (data.name, query.name, mode, system.name)
                    start = results.cursors.get(cursor, AGREEMENT_SAMPLES)
                    paths = [system.path_for(t) for t in rotated(variants, start)]
                    target = Target(system.port, paths, query.accept)
                    measured = load.run(
                        s["client"], target, concurrency, seconds, s["request_timeout"]
                    )
                    # The next run goes on where this one stopped: in the distinct mode no
                    # constant comes back before the pool is used up, so no cache answers it.
                    sent = measured.requests + measured.errors + concurrency
                    results.cursors[cursor] = start + sent
                    # Nothing answered: the server may still be evaluating; wait longer, bounded.
                    limit = 2 * s["request_timeout"] if measured.requests else s["check_timeout"]
                    idle = system.wait_idle(limit=max(30.0, limit))
                    if measured.requests == 0 and concurrency == 1 and idle:
                        measured = one_request(system, variants[0], query.accept, s)
                    results.add(key, measured)
                    if not idle:
                        results.notes.append(f"{system.name} still busy after {key[1:4]}")
                progress(f"{data.name} r{round_number + 1} {query.name} {mode} c={concurrency}")


def rotated(items: list[str], start: int) -> list[str]:
    """``items`` beginning at ``start`` (modulo their number)."""
    if not items:
        return items
    start %= len(items)
    return items[start:] + items[:start]


def run_length(results: Results, key: Key) -> tuple[float, float | None]:
    """Seconds to measure a cell for, and the one-request latency that decided it.

    Each client should finish at least `REQUESTS_PER_CLIENT` requests, or requests cut off at
    the end weigh too much (a heavy query at 8 clients may finish none in a second): the run
    is lengthened from ``--duration`` up to ``--max-duration``, from the system's latency at
    one client, or before that from how long its answer took in the agreement check.
    """
    s = results.settings
    size, query, mode, concurrency, system = key
    single = results.latest((size, query, mode, 1, system)) if concurrency > 1 else None
    if single is not None and single.median_ms is not None:
        latency: float | None = single.median_ms / 1000
    else:
        latency = results.priors.get((size, query, system))
    base = load.effective_duration(s["client"], s["duration"])
    if latency is None:
        return base, None
    parallel = min(concurrency, os.cpu_count() or 1)
    needed = REQUESTS_PER_CLIENT * concurrency * latency / parallel
    return min(max(base, needed), s["max_duration"]), latency


def one_request(system: Running, text: str, accept: str, settings: dict[str, Any]) -> Measurement:
    """When no request finished within the measurement, the time of one, bounded too."""
    began = time.perf_counter()
    try:
        status, _, _ = load.fetch(
            system.port, system.path_for(text), accept, settings["request_timeout"]
        )
    except OSError:
        status = 0
    elapsed = time.perf_counter() - began
    # A server cannot be told to drop a query it is evaluating (rdflib-endpoint): wait, bounded,
    # or its leftover work is charged to whichever system is measured next.
    system.wait_idle(limit=settings["check_timeout"])
    if status != 200:
        return Measurement(0, 1, elapsed, None, None)
    return Measurement(1, 0, elapsed, elapsed * 1000, elapsed * 1000)


def client_check(results: Results, oxigraph: Running) -> None:
    """How fast the load generator goes against the cheapest request Oxigraph can answer."""
    s = results.settings
    target = Target(oxigraph.port, [oxigraph.path_for(HEALTH_QUERY)], JSON)
    measured = load.run(s["client"], target, 8, max(1.0, s["duration"]), s["request_timeout"])
    results.client_capacity = measured


def run_size(
    results: Results,
    fleet: Fleet,
    size: str,
    work: Path,
    mix: list[BenchQuery],
    args: argparse.Namespace,
) -> bool:
    s = results.settings
    data = prepare(
        size,
        s["seed"],
        work / size,
        build_timeout=args.start_timeout,
        validate_timeout=args.validate_timeout,
        progress=progress,
    )
    results.datasets[size] = data
    constants = choose_constants(read_entities(data.input_dir / "entities.txt"), s["seed"])
    results.pools[size] = {name: len(values) for name, values in constants.distinct.items()}
    reference = InProcess(data.store_path)
    results.versions[IN_PROCESS] = reference.version
    systems: list[Running] = []
    try:
        skipped = {name for name, at in s["skipped"] if at == size}
        for name in [n for n in s["systems"] if n in STARTERS and n not in skipped]:
            progress(f"{size}: starting {name}")
            system = STARTERS[name](fleet, data, args.start_timeout)
            systems.append(system)
            results.versions[name] = system.version
            results.loads[(size, name)] = (
                system.load_seconds,
                system.startup_seconds,
                system.notes,
            )
            results.memory[(size, name)] = system.rss()
        progress(f"{size}: checking that every system gives the same answers")
        agreement = check_agreement(
            results, size, mix, constants, reference, systems, s["check_timeout"]
        )
        results.agreement += agreement
        if any(row.failed for row in agreement):
            return False
        oxigraph = next((x for x in systems if x.name == "oxigraph"), None)
        if oxigraph is not None and results.client_capacity is None:
            client_check(results, oxigraph)
        wanted = IN_PROCESS in s["systems"] and IN_PROCESS not in skipped
        measured_reference = reference if wanted else None
        for round_number in range(s["rounds"]):
            measure_round(results, data, mix, constants, systems, measured_reference, round_number)
        for system in systems:
            results.memory_after[(size, system.name)] = system.rss()
        return True
    finally:
        for system in systems:
            for process in [system.process, *system.companions]:
                fleet.stop(process)


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop the systems


def main(argv: Sequence[str] | None = None) -> int:
    args = parser(description=__doc__).parse_args(argv)
    settings = settings_from(args)
    mix = load_mix()
    results = Results(settings=settings, machine=machine(), mix=mix)
    previous = signal.signal(signal.SIGTERM, _terminate)
    fleet = Fleet()
    temporary = None if args.work_dir else tempfile.TemporaryDirectory(prefix="zhusan-bench-")
    work = Path(args.work_dir or (temporary.name if temporary else "."))
    agreed = True
    try:
        for size in settings["sizes"]:
            agreed = run_size(results, fleet, size, work, mix, args)
            if not agreed:
                break
            write_report(results, Path(args.out))  # a long run leaves each finished size behind
    except StartError as error:
        results.failures.append(str(error))
    finally:
        fleet.stop_all()
        signal.signal(signal.SIGTERM, previous)
        results.machine["load_end"] = load_average()
        out = Path(args.out)
        write_report(results, out)
        progress(f"report written to {out}")
        if temporary is not None:
            temporary.cleanup()
    if not agreed:
        print(
            "zhusan-kg bench: the systems do not give the same answers; see the report",
            file=sys.stderr,
        )
        return 1
    return 1 if results.failures else 0


def machine() -> dict[str, str]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": f"{os.cpu_count()} × {model}",
        "memory": f"{memory / 2**30:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_start": load_average(),
    }


def load_average() -> str:
    """The 1-minute load average: other work on the machine makes every figure noisier."""
    return f"{os.getloadavg()[0]:.1f}"


if __name__ == "__main__":
    sys.exit(main())
