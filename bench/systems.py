"""The systems under test, each started on a free loopback port from the same data.

* ``zhusan``: this project's server as shipped, ``zhusan-kg serve`` (its store is built by
  ``zhusan-kg build`` when the data is prepared), SPARQL at ``/sparql``.
* ``oxigraph``: Oxigraph's own server (the ``oxigraph`` package on PyPI), loaded by its bulk
  loader ``oxigraph load`` and served read-only with the union default graph, at ``/query``.
* ``virtuoso``: Virtuoso Open Source 7 (Debian's ``virtuoso-opensource``) with a private ini in
  the work folder; everything is bulk-loaded into one graph, named on every request, because
  Virtuoso's default graph also holds its own system graphs.
* ``rdflib-endpoint``: its own command, ``rdflib-endpoint serve``, at ``/`` (not ``/sparql``).
* ``zhusan-behind-cache``: ``zhusan`` behind the recommended deployment's caching proxy,
  nginx with ``deploy/nginx.conf`` (answers fresh for a minute, then revalidated by ETag).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from importlib import metadata
from pathlib import Path

from server.core.config import REPOSITORY_ROOT
from server.core.programs import find_program

from .cache_proxy import nginx_command, recipe_site
from .dataset import Dataset, zhusan_command
from .processes import Fleet, Running, StartError, free_port, output_of, tool, wait_healthy

HTTP_SYSTEMS = ("zhusan", "oxigraph", "virtuoso", "rdflib-endpoint", "zhusan-behind-cache")
IN_PROCESS = "pyoxigraph"
VIRTUOSO_GRAPH = "urn:zhusan:bench:union"
CACHE_SECONDS = 60  # the recipe's ZHUSAN_PROXY_CACHE_SECONDS for zhusan-behind-cache


def start_zhusan(fleet: Fleet, data: Dataset, timeout: float) -> Running:
    port = free_port()
    env = dict(os.environ)
    env.update(
        ZHUSAN_INPUT_DIR=str(data.input_dir),
        ZHUSAN_DATA_DIR=str(data.zhusan_data),
        ZHUSAN_HOST="127.0.0.1",
        ZHUSAN_PORT=str(port),
        # Like Virtuoso's ResultSetMaxRows: a cut answer would not agree with the others.
        ZHUSAN_MAX_ROWS=str(10**9),
    )
    log = data.work / "logs" / "zhusan.log"
    process = fleet.start(zhusan_command("serve"), log, env=env, cwd=REPOSITORY_ROOT)
    system = Running("zhusan", zhusan_version(), port, "/sparql", process, log)
    # Like `oxigraph load`: parsing and writing the quads; the whole build is reported too.
    system.load_seconds = data.build_steps.get("load", data.build_seconds)
    # The store is built already; gunicorn restarts workers that fail to boot for ever.
    system.startup_seconds = wait_healthy(system, min(timeout, 180.0))
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in data.build_steps.items())
    system.notes.append(
        f"load = the load step of `zhusan-kg build` (Oxigraph's bulk loader); the whole build "
        f"took {data.build_seconds:.1f} s ({steps})"
    )
    return system


def start_zhusan_behind_cache(fleet: Fleet, data: Dataset, timeout: float) -> Running:
    """`zhusan` behind nginx with deploy/nginx.conf; the server becomes nginx's companion."""
    app = start_zhusan(fleet, data, timeout)
    folder = data.work / "zhusan-behind-cache"
    shutil.rmtree(folder, ignore_errors=True)
    site = recipe_site(folder, [f"127.0.0.1:{app.port}"], CACHE_SECONDS)
    command, port = nginx_command(folder, site)
    log = data.work / "logs" / "zhusan-behind-cache.log"
    nginx = output_of([command[0], "-v"]).removeprefix("nginx version: ")
    version = f"{app.version} behind {nginx} with deploy/nginx.conf"
    process = fleet.start(command, log)
    system = Running("zhusan-behind-cache", version, port, "/sparql", process, log)
    system.companions.append(app.process)
    system.load_seconds = app.load_seconds
    system.startup_seconds = app.startup_seconds + wait_healthy(system, min(timeout, 60.0))
    system.notes.append(
        f"nginx caches each GET answer for {CACHE_SECONDS} s, then revalidates it with "
        "If-None-Match; a measurement's first request of each text reaches the server"
    )
    return system


def start_oxigraph(fleet: Fleet, data: Dataset, timeout: float) -> Running:
    port = free_port()
    location = data.work / "oxigraph"
    shutil.rmtree(location, ignore_errors=True)
    oxigraph = tool("oxigraph")
    began = time.perf_counter()
    loaded = subprocess.run(
        [oxigraph, "load", "--location", str(location), "--file", str(data.nquads)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    load_seconds = time.perf_counter() - began
    if loaded.returncode != 0:
        raise StartError(f"oxigraph load failed: {loaded.stderr[-1000:]}")
    log = data.work / "logs" / "oxigraph.log"
    command = [
        oxigraph,
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    process = fleet.start(command, log)
    system = Running("oxigraph", output_of([oxigraph, "--version"]), port, "/query", process, log)
    system.load_seconds = load_seconds
    system.startup_seconds = wait_healthy(system, timeout)
    system.notes.append("load = `oxigraph load` of the N-Quads export")
    return system


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 64
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {data_dir}
; Virtuoso's own guidance for about 2 GB of memory given to buffers.
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 64
ServerThreads = 64
MaxKeepAlives = 64
KeepAliveTimeout = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
; 10,000 by default: larger answers would be cut and disagree with the other engines.
ResultSetMaxRows = 1000000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


def start_virtuoso(fleet: Fleet, data: Dataset, timeout: float) -> Running:
    system = virtuoso_server(fleet, data, "virtuoso", data.ntriples, timeout)
    system.params = (("default-graph-uri", VIRTUOSO_GRAPH),)
    system.notes.append(
        f"load = ld_dir + rdf_loader_run + checkpoint of the union as N-Triples into one graph; "
        f"creating the empty database took {system.startup_seconds:.1f} s more"
    )
    return system


def virtuoso_server(
    fleet: Fleet, data: Dataset, name: str, input_file: Path, timeout: float
) -> Running:
    """A new Virtuoso database in ``work/name``, bulk-loaded from one file.

    N-Triples go into `VIRTUOSO_GRAPH`; N-Quads (``.nq``) keep their own graphs.
    """
    folder = data.work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=folder, sql_port=sql_port, http_port=http_port, data_dir=input_file.parent
        )
    )
    log = data.work / "logs" / f"{name}.log"
    process = fleet.start(
        [tool("virtuoso-t"), "+foreground", "+configfile", str(ini)], log, cwd=folder
    )
    system = Running(name, virtuoso_version(), http_port, "/sparql", process, log)
    system.startup_seconds = wait_healthy(system, timeout)  # a new database takes seconds
    script = (
        f"ld_dir('{input_file.parent}', '{input_file.name}', '{VIRTUOSO_GRAPH}');\n"
        "rdf_loader_run();\ncheckpoint;\n"
        "SELECT 'LOAD-ERRORS', COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;\n"
    )
    began = time.perf_counter()
    loaded = subprocess.run(
        [
            tool("isql-vt") if find_program("isql-vt") else tool("isql"),
            f"127.0.0.1:{sql_port}",
            "dba",
            "dba",
        ],
        input=script,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    system.load_seconds = time.perf_counter() - began
    errors = [line for line in loaded.stdout.splitlines() if "LOAD-ERRORS" in line]
    if loaded.returncode != 0 or not errors or not errors[-1].split()[-1] == "0":
        raise StartError(
            f"Virtuoso bulk load failed: {loaded.stdout[-800:]} {loaded.stderr[-800:]}"
        )
    return system


def start_rdflib_endpoint(fleet: Fleet, data: Dataset, timeout: float) -> Running:
    port = free_port()
    log = data.work / "logs" / "rdflib-endpoint.log"
    command = [
        tool("rdflib-endpoint"),
        "serve",
        str(data.nquads),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = fleet.start(command, log)
    version = "rdflib-endpoint {}, rdflib {}".format(
        metadata.version("rdflib-endpoint"), metadata.version("rdflib")
    )
    system = Running("rdflib-endpoint", version, port, "/", process, log)
    system.startup_seconds = wait_healthy(system, timeout)
    system.load_seconds = system.startup_seconds  # it parses the file before it listens
    system.notes.append("load = from start until it answers (it parses the N-Quads first)")
    return system


STARTERS = {
    "zhusan": start_zhusan,
    "oxigraph": start_oxigraph,
    "virtuoso": start_virtuoso,
    "rdflib-endpoint": start_rdflib_endpoint,
    "zhusan-behind-cache": start_zhusan_behind_cache,
}


def virtuoso_version() -> str:
    package = output_of(["dpkg-query", "-W", "-f=${Version}", "virtuoso-opensource-7-bin"])
    return f"Virtuoso Open Source {package} (Debian)"


def zhusan_version() -> str:
    commit = output_of(["git", "-C", str(REPOSITORY_ROOT), "rev-parse", "--short", "HEAD"])
    return f"zhusan-kg {metadata.version('zhusan-kg')} ({commit})"
