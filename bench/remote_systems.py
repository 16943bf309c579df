"""This project's server on the `sparql` backend, in front of the two native engines.

* ``zhusan-on-oxigraph``: the release loaded by ``zhusan-kg build --load-into FOLDER --via
  oxigraph-load`` (Oxigraph's bulk loader), served by ``oxigraph serve-read-only`` on one port,
  and ``zhusan-kg serve`` with ``ZHUSAN_BACKEND=sparql`` in front of it on another.
* ``zhusan-on-virtuoso``: the release written by ``--via nquads`` and bulk-loaded by Virtuoso
  (``ld_dir`` keeps the graphs of an N-Quads file), with ``zhusan-kg serve`` in front.

The server names one graph on each request, the merge the loader wrote (with the release's
named graphs when the query may read them), so neither engine needs a union-default-graph
setting. Load time is the `--load-into` step plus the engine's own loader;
memory is the application's processes and the engine's together.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from server.core.config import REPOSITORY_ROOT

from .dataset import Dataset, run_bounded, zhusan_command, zhusan_env
from .processes import Fleet, Running, StartError, free_port, output_of, tool, wait_healthy
from .systems import virtuoso_server, zhusan_version

REMOTE_SYSTEMS = ("zhusan-on-oxigraph", "zhusan-on-virtuoso")


def load_into(data: Dataset, target: Path, via: str, timeout: float) -> float:
    """Seconds `zhusan-kg build --load-into` took (the store is built already: only the copy)."""
    env = zhusan_env(data.input_dir, data.zhusan_data)
    command = zhusan_command("build", "--load-into", str(target), "--via", via)
    loaded, code, output = run_bounded(command, env, timeout)
    if not loaded.finished or code != 0:
        raise StartError(f"zhusan-kg build --load-into failed: {output[-1500:]}")
    return loaded.seconds


def serve_in_front(
    fleet: Fleet, data: Dataset, name: str, engine: Running, query_url: str, timeout: float
) -> Running:
    """`zhusan-kg serve` on the `sparql` backend; the engine becomes its companion."""
    port = free_port()
    env = zhusan_env(data.input_dir, data.zhusan_data)
    env.update(
        ZHUSAN_BACKEND="sparql",
        ZHUSAN_SPARQL_URL=query_url,
        ZHUSAN_HOST="127.0.0.1",
        ZHUSAN_PORT=str(port),
        ZHUSAN_MAX_ROWS=str(10**9),  # as for `zhusan`: a cut answer would not agree
    )
    log = data.work / "logs" / f"{name}.log"
    process = fleet.start(zhusan_command("serve"), log, env=env, cwd=REPOSITORY_ROOT)
    version = f"{zhusan_version()} in front of {engine.version}"
    system = Running(name, version, port, "/sparql", process, log, companions=[engine.process])
    system.startup_seconds = wait_healthy(system, min(timeout, 180.0))
    return system


def start_on_oxigraph(fleet: Fleet, data: Dataset, timeout: float) -> Running:
    location = data.work / "oxigraph-release"
    shutil.rmtree(location, ignore_errors=True)
    load_seconds = load_into(data, location, "oxigraph-load", timeout)
    oxigraph, port = tool("oxigraph"), free_port()
    command = [oxigraph, "serve-read-only", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}"]
    log = data.work / "logs" / "oxigraph-release.log"
    engine = Running(
        "oxigraph-release",
        output_of([oxigraph, "--version"]),
        port,
        "/query",
        fleet.start(command, log),
        log,
    )
    wait_healthy(engine, timeout)
    url = f"http://127.0.0.1:{port}/query"
    system = serve_in_front(fleet, data, "zhusan-on-oxigraph", engine, url, timeout)
    system.load_seconds = load_seconds
    system.notes.append("load = `zhusan-kg build --load-into FOLDER --via oxigraph-load`")
    return system


def start_on_virtuoso(fleet: Fleet, data: Dataset, timeout: float) -> Running:
    release = data.work / "virtuoso-release-input" / "release.nq"
    release.parent.mkdir(parents=True, exist_ok=True)
    release.unlink(missing_ok=True)
    write_seconds = load_into(data, release, "nquads", timeout)
    engine = virtuoso_server(fleet, data, "virtuoso-release", release, timeout)
    url = f"http://127.0.0.1:{engine.port}/sparql"
    system = serve_in_front(fleet, data, "zhusan-on-virtuoso", engine, url, timeout)
    system.load_seconds = write_seconds + (engine.load_seconds or 0.0)
    system.notes.append(
        f"load = `zhusan-kg build --load-into release.nq --via nquads` ({write_seconds:.1f} s) "
        f"+ Virtuoso's ld_dir + rdf_loader_run + checkpoint ({engine.load_seconds or 0:.1f} s)"
    )
    return system


STARTERS = {
    "zhusan-on-oxigraph": start_on_oxigraph,
    "zhusan-on-virtuoso": start_on_virtuoso,
}
