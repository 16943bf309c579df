"""Where a request's time goes: `python -m bench.profile_request`.

Starts this project's server as shipped on the small synthetic graph, sends it one small
query at a time from one keep-alive client (as the one-client latency cells of the benchmark
do), and samples every process of the server with py-spy, idle waits included, so that the
samples of the request threads add up to wall time. Two phases: *distinct* texts (each a
different entity and LIMIT, so the answer cache never answers) and one *repeated* text
(answered from the cache after the first time). The markdown written to ``--out`` splits the
request threads' time into stages, and the query workers' time into evaluation,
serialisation and the rest.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from server.core.config import REPOSITORY_ROOT

from .dataset import zhusan_command, zhusan_env
from .generate import generate, read_entities
from .mix import RESULTS_JSON, load_mix
from .processes import Fleet, Running, free_port, tool, wait_healthy

QUERY = "entity-description"
# (stage, what a frame must contain): the innermost frame that matches a rule decides.
REQUEST_STAGES = (
    ("waiting for the query worker (round trip)", ("QueryPool._exchange", "QueryPool.run")),
    ("answer cache and ETag", ("answer_cache.py", "answer_etag")),
    ("protocol checks, lexer, negotiation", ("sparql_text.py", "negotiation.py", "sparql.py")),
    ("access log, metrics, CORS, gzip, CSP", ("operations.py", "logging/")),
    ("Flask and werkzeug", ("flask/", "werkzeug/")),
    ("gunicorn: HTTP parsing, socket, worker loop", ("gunicorn/",)),
)
WORKER_STAGES = (
    ("serialising the answer", ("_solutions", "_triples", "_TsvSink")),
    ("evaluation in pyoxigraph", ("_answer",)),
    ("thread per query, pipe, demotion watch", ("_serve (", "_demote_when_long")),
)
# The query worker's own frames (its main loop, and the thread that evaluates a query).
WORKER_FRAMES = ("_serve (", "_Evaluation.run (")
Section = tuple[str, tuple[int, float], dict[str, Counter[str]]]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.profile_request", description=__doc__)
    p.add_argument("--seconds", type=float, default=10.0, help="seconds sampled per phase")
    p.add_argument("--rate", type=int, default=1000, help="py-spy samples per second")
    p.add_argument("--out", default=str(REPOSITORY_ROOT / "bench" / "PROFILE.md"))
    p.add_argument("--work-dir", help="keep data, store and raw profiles here")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    temporary = None if args.work_dir else tempfile.TemporaryDirectory(prefix="zhusan-profile-")
    work = Path(args.work_dir or (temporary.name if temporary else "."))
    fleet = Fleet()
    try:
        server, entities = start_server(fleet, work)
        template = next(q for q in load_mix() if q.name == QUERY)
        texts = [template.render(e) for e in entities]
        phases = {
            "distinct": [f"{text}\nLIMIT {1000 + i}" for i, text in enumerate(texts)],
            "repeated": texts[:1],
        }
        sections: list[Section] = []
        for phase, queries in phases.items():
            raw = work / f"profile-{phase}.txt"
            latency = profile_phase(server, queries, raw, args.seconds, args.rate)
            sections.append((phase, latency, summarise(raw)))
        Path(args.out).write_text(render(sections, args), encoding="utf-8")
        print(f"· profile written to {args.out}", file=sys.stderr)
        return 0
    finally:
        fleet.stop_all()
        if temporary is not None:
            temporary.cleanup()


def start_server(fleet: Fleet, work: Path) -> tuple[Running, list[str]]:
    generated = generate("small", 1, work / "input")
    data_dir = work / "zhusan-data"
    shutil.rmtree(data_dir, ignore_errors=True)
    env = zhusan_env(generated.out_dir, data_dir)
    subprocess.run(zhusan_command("build"), env=env, cwd=REPOSITORY_ROOT, check=True)
    port = free_port()
    env.update(ZHUSAN_HOST="127.0.0.1", ZHUSAN_PORT=str(port))
    log = work / "serve.log"
    process = fleet.start(zhusan_command("serve"), log, env=env, cwd=REPOSITORY_ROOT)
    server = Running("zhusan", "", port, "/sparql", process, log)
    wait_healthy(server, 120)
    return server, read_entities(generated.out_dir / "entities.txt")["ENTITY"]


def profile_phase(
    server: Running, queries: list[str], raw: Path, seconds: float, rate: int
) -> tuple[int, float]:
    """Drive the server from one client while py-spy samples it; requests and median ms."""
    stop = threading.Event()
    latencies: list[float] = []

    def drive() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        index = 0
        while not stop.is_set():
            path = server.endpoint + "?" + urlencode({"query": queries[index % len(queries)]})
            began = time.perf_counter()
            connection.request("GET", path, headers={"Accept": RESULTS_JSON})
            connection.getresponse().read()
            latencies.append(time.perf_counter() - began)
            index += 1

    client = threading.Thread(target=drive, daemon=True)
    client.start()
    time.sleep(1.0)  # workers started, pages of the store in memory
    latencies.clear()
    command = [tool("py-spy"), "record", "--pid", str(server.process.pid), "--subprocesses"]
    command += ["--idle", "--rate", str(rate), "--duration", str(int(seconds))]
    command += ["--format", "raw", "--output", str(raw), "--nonblocking"]
    subprocess.run(command, check=True, capture_output=True)
    stop.set()
    client.join(35)
    ordered = sorted(latencies)
    return len(ordered), ordered[len(ordered) // 2] * 1000 if ordered else float("nan")


def summarise(raw: Path) -> dict[str, Counter[str]]:
    """Samples per stage, for the request threads and for the query workers."""
    request: Counter[str] = Counter()
    worker: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if any("ThreadWorker.handle " in f for f in frames):
            request[stage_of(frames, REQUEST_STAGES, "other request handling")] += int(count)
        elif any(f.startswith(WORKER_FRAMES) for f in frames):
            if frames[-1].startswith(WORKER_FRAMES) or (
                is_idle(frames[-1]) and "_Evaluation" not in stack
            ):
                continue  # a worker waiting for its next job, or watching its evaluation
            worker[stage_of(frames, WORKER_STAGES, "other worker time")] += int(count)
    return {"request": request, "worker": worker}


def is_idle(frame: str) -> bool:
    return any(word in frame for word in ("recv", "poll", "wait", "select", "acquire"))


def stage_of(frames: list[str], stages: tuple[tuple[str, tuple[str, ...]], ...], other: str) -> str:
    for frame in reversed(frames):
        for stage, marks in stages:
            if any(mark in frame for mark in marks):
                return stage
    return other


def render(sections: list[Section], args: argparse.Namespace) -> str:
    out = [
        "# Where a request's time goes",
        "",
        f"Written by `python -m bench.profile_request` ({args.seconds:.0f} s per phase, py-spy "
        f"at {args.rate} samples/s with idle waits). One client, keep-alive, the query "
        f"`{QUERY}` of the benchmark on the small graph; the server as shipped "
        f"(`zhusan-kg serve`, {os.cpu_count()} cores shared with the client and py-spy, which "
        "slows what it samples: the shares matter more than the absolute times). Milliseconds "
        "are each stage's share of the median request; the query workers' time is a part of "
        "the request threads' wait for them, and is shared out of that wait.",
        "",
    ]
    for phase, (requests, median), stages in sections:
        out += [f"## {phase.capitalize()} queries: {requests} requests, median {median:.2f} ms", ""]
        request_total = sum(stages["request"].values()) or 1
        waiting = stages["request"][REQUEST_STAGES[0][0]] / request_total * median
        for part, title, whole in (
            ("request", "Request threads (wall time)", median),
            ("worker", "Query workers (inside the wait for them)", waiting),
        ):
            total = sum(stages[part].values())
            if not total:
                continue
            out += [f"| {title} | Share | ≈ ms per request |", "|---|---|---|"]
            out += [
                f"| {stage} | {count / total:.0%} | {whole * count / total:.2f} |"
                for stage, count in stages[part].most_common()
            ]
            out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
