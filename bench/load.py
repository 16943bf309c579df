"""Load generation: a fixed number of clients for a bounded time, latency and throughput.

Two clients, one result shape. ``wrk`` (Debian's package) with a Lua script that cycles through
the request paths is the default where it is installed: it is written in C and keeps far ahead
of the servers. Without it, a thread pool of keep-alive ``http.client`` connections does the
same job, slower (the GIL); the report's client check says how close either came to its own
limit. Every run is bounded in time; every request in time too.
"""

from __future__ import annotations

import http.client
import json
import math
import resource
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from server.core.programs import find_program

HOST = "127.0.0.1"  # the only address the benchmark ever talks to


@dataclass(frozen=True)
class Measurement:
    """One bounded run at one concurrency: successes, failures, time and latency."""

    requests: int  # answered with a 2xx status
    errors: int  # other statuses, socket errors and timeouts
    seconds: float
    median_ms: float | None
    p99_ms: float | None
    client_cpu: float = 0.0  # CPU seconds the load generator itself used

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Target:
    """Where the requests go: a port on the loopback, the paths to cycle through, the Accept."""

    port: int
    paths: Sequence[str]
    accept: str


def fetch(port: int, path: str, accept: str, timeout: float) -> tuple[int, str, bytes]:
    """One GET on the loopback: status, content type and body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def percentile(sorted_values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def wrk_available() -> bool:
    return find_program("wrk") is not None


def choose_client(name: str) -> str:
    """``auto`` means wrk where it is installed, the Python client otherwise."""
    if name == "auto":
        return "wrk" if wrk_available() else "python"
    if name == "wrk" and not wrk_available():
        raise RuntimeError("wrk is not installed: `apt-get install -y wrk`, or --client python")
    return name


def effective_duration(client: str, duration: float) -> float:
    """How long a measurement really lasts: wrk counts whole seconds."""
    return float(max(1, round(duration))) if client == "wrk" else duration


def run(
    client: str, target: Target, concurrency: int, duration: float, timeout: float
) -> Measurement:
    if client == "wrk":
        return run_wrk(target, concurrency, duration, timeout)
    return run_python(target, concurrency, duration, timeout)


# ---- wrk ------------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = { %(paths)s }
local accept = "%(accept)s"
local stride = %(threads)d
local created = 0
local position = 1

function setup(thread)
  thread:set("offset", created)
  created = created + 1
end

function init(args)
  -- threads take every stride-th path from their own offset: a run of n requests uses the
  -- first n paths, each once, until the list is exhausted
  position = (offset or 0) %% #paths + 1
end

function request()
  local path = paths[position]
  position = (position - 1 + stride) %% #paths + 1
  return wrk.format("GET", path, { ["Accept"] = accept })
end

function done(summary, latency, requests)
  io.write(string.format(
    "BENCH-RESULT {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"status\\": %%d, " ..
    "\\"connect\\": %%d, \\"read\\": %%d, \\"write\\": %%d, \\"timeout\\": %%d, " ..
    "\\"p50\\": %%.0f, \\"p99\\": %%.0f}\\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk_script(paths: Sequence[str], accept: str, threads: int = 1) -> str:
    for path in paths:
        if any(c in path for c in '"\\\n'):  # the paths are percent-encoded: never happens
            raise ValueError(f"path not safe in a Lua string: {path!r}")
    listed = ", ".join(f'"{p}"' for p in paths)
    return WRK_SCRIPT % {"paths": listed, "accept": accept, "threads": threads}


def run_wrk(target: Target, concurrency: int, duration: float, timeout: float) -> Measurement:
    seconds = max(1, round(duration))  # wrk counts whole seconds
    threads = max(1, min(concurrency, 2))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(target.paths, target.accept, threads))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        completed = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(concurrency),
                "-d",
                f"{seconds}s",
                "--timeout",
                f"{max(1, math.ceil(timeout))}s",
                "-s",
                script.name,
                f"http://{HOST}:{target.port}/",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + timeout + 30,
            check=False,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((x for x in completed.stdout.splitlines() if x.startswith("BENCH-RESULT ")), None)
    if line is None:
        raise RuntimeError(
            f"wrk gave no result: {completed.stdout[-500:]} {completed.stderr[-500:]}"
        )
    result = json.loads(line.removeprefix("BENCH-RESULT "))
    answered = result["requests"] - result["status"]
    errors = result["status"] + result["connect"] + result["read"] + result["write"]
    errors += result["timeout"]
    has_latency = result["requests"] > 0
    return Measurement(
        requests=answered,
        errors=errors,
        seconds=result["duration_us"] / 1e6,
        median_ms=result["p50"] / 1000 if has_latency else None,
        p99_ms=result["p99"] / 1000 if has_latency else None,
        client_cpu=cpu,
    )


# ---- the Python client ----------------------------------------------------------------------


def run_python(target: Target, concurrency: int, duration: float, timeout: float) -> Measurement:
    """``concurrency`` threads, one keep-alive connection each, until the time is up."""
    deadline = time.monotonic() + duration
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    cpu_before = time.process_time()

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, target.port, timeout=timeout)
        position = index % len(target.paths)  # client i takes every concurrency-th path
        headers = {"Accept": target.accept}
        while time.monotonic() < deadline:
            path = target.paths[position]
            position = (position + concurrency) % len(target.paths)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, target.port, timeout=timeout)
                continue
            if 200 <= response.status < 300:
                latencies[index].append((time.perf_counter() - started) * 1000)
            else:
                errors[index] += 1
        connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(duration + timeout + 5)
    elapsed = time.perf_counter() - started
    merged = sorted(x for per_thread in latencies for x in per_thread)
    return Measurement(
        requests=len(merged),
        errors=sum(errors),
        seconds=elapsed,
        median_ms=statistics.median(merged) if merged else None,
        p99_ms=percentile(merged, 0.99),
        client_cpu=time.process_time() - cpu_before,
    )


def run_in_process(calls: Sequence[Callable[[], object]], duration: float) -> Measurement:
    """One client calling the engine directly, cycling through ``calls`` for ``duration``."""
    latencies: list[float] = []
    deadline = time.monotonic() + duration
    position = 0
    started = time.perf_counter()
    while time.monotonic() < deadline:
        call = calls[position]
        position = (position + 1) % len(calls)
        began = time.perf_counter()
        call()
        latencies.append((time.perf_counter() - began) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Measurement(
        requests=len(latencies),
        errors=0,
        seconds=elapsed,
        median_ms=statistics.median(latencies) if latencies else None,
        p99_ms=percentile(latencies, 0.99),
    )
