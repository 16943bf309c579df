"""Bounded load, runaway queries and killed workers against a live server on the loopback.

Shared by tests/wiring/test_reliability.py (a reduced form, seconds long, in CI) and
bench/reliability.py (the full form and its report). Every loop here stops by itself: each
client has a deadline and a request budget, and no address other than 127.0.0.1 is accepted.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

import psutil

from server.core import namespaces
from server.core.config import REPOSITORY_ROOT

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Five unconstrained patterns joined: 3,402^5 rows to count, which no time limit lets finish.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
ENTITIES = (
    "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), STR(?base))) } ORDER BY ?s"
)
JSON_RESULTS = "application/sparql-results+json"


@dataclass(frozen=True)
class Target:
    """One request of the mix: a GET of ``path`` with an Accept header."""

    name: str
    path: str
    accept: str


@dataclass(frozen=True)
class Sample:
    target: str
    status: int  # 0: the connection failed before an answer arrived
    seconds: float
    started: float  # monotonic clock
    body: bytes = b""


@dataclass
class LoadResult:
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0
    clients: int = 0

    def statuses(self) -> Counter[int]:
        return Counter(s.status for s in self.samples)

    @property
    def server_errors(self) -> list[Sample]:
        return [s for s in self.samples if s.status >= 500]

    @property
    def failures(self) -> list[Sample]:
        """Requests that got no HTTP answer at all (reset or refused connections)."""
        return [s for s in self.samples if s.status == 0]

    def latencies(self, prefix: str = "") -> list[float]:
        return sorted(s.seconds for s in self.samples if s.status and s.target.startswith(prefix))

    def percentile(self, p: float, prefix: str = "") -> float:
        values = self.latencies(prefix)
        if not values:
            raise ValueError(f"no answered request whose target starts with {prefix!r}")
        return values[min(len(values) - 1, int(p / 100 * len(values)))]

    def summary(self) -> dict[str, object]:
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": len(self.samples),
            "per_second": round(len(self.samples) / self.seconds, 1) if self.seconds else 0,
            "statuses": dict(sorted(self.statuses().items())),
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p99_ms": round(self.percentile(99) * 1000, 1),
        }


def check_loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK or parts.port is None:
        raise ValueError(f"load is only ever sent to this machine's loopback, not {url}")
    return parts.hostname, parts.port


def example_queries() -> list[Target]:
    """Every example query of queries/, asked by GET as a SPARQL client would."""
    return [
        Target(
            f"query:{path.stem}",
            "/sparql?" + urlencode({"query": path.read_text(encoding="utf-8")}),
            JSON_RESULTS,
        )
        for path in sorted((REPOSITORY_ROOT / "queries").glob("*.rq"))
    ]


def entity_pages(url: str, limit: int = 60) -> list[Target]:
    """Pages (HTML) and documents (Turtle) of the first ``limit`` things of the graph."""
    base = namespaces.BASE + "id/"
    body = get(url, "/sparql?" + urlencode({"query": ENTITIES.replace("?base", f'"{base}"')}))
    iris = [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]]
    paths = list(dict.fromkeys("/doc/" + quote(i[len(base) :].split("#")[0]) for i in iris))
    if not paths:
        raise RuntimeError("the server lists no things to load their pages")
    targets = []
    for path in paths[:limit]:
        targets.append(Target(f"page:{path}", path, "text/html"))
        targets.append(Target(f"doc:{path}", path, "text/turtle"))
    return targets


def get(url: str, path: str, accept: str = JSON_RESULTS, timeout: float = 30) -> bytes:
    host, port = check_loopback(url)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path[:80]} answered {response.status}: {body[:200]!r}")
        return body
    finally:
        connection.close()


def run_load(
    url: str,
    targets: list[Target],
    *,
    clients: int,
    seconds: float,
    max_requests: int = 100_000,
    keep_bodies: bool = False,
    timeout: float = 60.0,
    pause: float = 0.0,
) -> LoadResult:
    """``clients`` threads, each on its own keep-alive connection, asking ``targets`` in turn
    until ``seconds`` have passed or ``max_requests`` were sent in all.

    Without a ``pause`` the clients ask as fast as they are answered, which measures the
    server at saturation; with one, each client waits that long between two requests, as
    people and well-behaved crawlers do, which measures the latency of ordinary traffic.
    """
    host, port = check_loopback(url)
    result = LoadResult(clients=clients)
    budget = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        taken: list[Sample] = []
        order = itertools.cycle(targets[offset % len(targets) :] + targets[: offset % len(targets)])
        try:
            for target in order:
                if time.monotonic() >= deadline or next(budget) >= max_requests:
                    break
                started = time.monotonic()
                try:
                    connection.request("GET", target.path, headers={"Accept": target.accept})
                    response = connection.getresponse()
                    body = response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    connection.close()  # reconnects on the next request
                    body, status = b"", 0
                taken.append(
                    Sample(
                        target.name,
                        status,
                        time.monotonic() - started,
                        started,
                        body if keep_bodies or status >= 500 else b"",
                    )
                )
                if pause:
                    time.sleep(pause)
        finally:
            connection.close()
            with lock:
                result.samples.extend(taken)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    result.seconds = time.monotonic() - started
    return result


# ---- the server's processes -------------------------------------------------------------------


def process_tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for process in process_tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


def tree_cpu_percent(pid: int, seconds: float = 0.5) -> float:
    """CPU use of a process tree over ``seconds`` (100 = one core)."""
    processes = process_tree(pid)
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.cpu_percent(None)
    time.sleep(seconds)
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.cpu_percent(None)
    return total


def wait_until_idle(pid: int, *, limit: float = 15.0, below: float = 15.0) -> float:
    """Wait (at most ``limit`` s) until the tree uses under ``below`` % CPU; the time taken."""
    started = time.monotonic()
    while tree_cpu_percent(pid) > below:
        if time.monotonic() - started > limit:
            raise AssertionError(f"the server still used CPU {limit:g} s after the load ended")
    return time.monotonic() - started


def web_workers(master: int) -> list[psutil.Process]:
    """gunicorn's workers: the direct children of its master process."""
    return psutil.Process(master).children()


# ---- runaway queries ----------------------------------------------------------------------------


@dataclass
class RunawayOutcome:
    status: int
    seconds: float
    text: str


@contextlib.contextmanager
def runaway_clients(url: str, clients: int, seconds: float) -> Iterator[list[RunawayOutcome]]:
    """``clients`` threads sending RUNAWAY, one after another, until ``seconds`` have passed;
    the outcomes are complete when the block ends."""
    host, port = check_loopback(url)
    outcomes: list[RunawayOutcome] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        # A comment makes each query text unique, so no cache can answer in its place.
        for attempt in range(1000):
            if time.monotonic() >= deadline:
                return
            query = f"# runaway {number}.{attempt}\n{RUNAWAY}"
            connection = http.client.HTTPConnection(host, port, timeout=600)
            started = time.monotonic()
            try:
                connection.request("GET", "/sparql?" + urlencode({"query": query}))
                response = connection.getresponse()
                outcome = RunawayOutcome(
                    response.status,
                    time.monotonic() - started,
                    response.read().decode("utf-8", "replace"),
                )
            except (OSError, http.client.HTTPException) as error:
                outcome = RunawayOutcome(0, time.monotonic() - started, repr(error))
            finally:
                connection.close()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        yield outcomes
    finally:
        for thread in threads:
            thread.join(seconds + 660)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
