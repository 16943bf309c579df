"""A real server process for HTTP tests: `zhusan-kg serve` (gunicorn) on a free loopback port,
with its stderr (the access log) kept in a file the tests can read; on either store backend.

The `sparql` backend is tested in front of Oxigraph's own server (the `oxigraph` command from
PyPI), started on loopback with a temporary location and loaded by `zhusan-kg build
--load-into`, as a deployment would load it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from server.core.config import Config
from server.store import disk as stores

from .conftest import ROOT

BACKENDS = ("embedded", "sparql")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    def __init__(
        self, process: subprocess.Popen[bytes], url: str, log: Path, backend: str = "embedded"
    ) -> None:
        self.process = process
        self.url = url
        self.log = log
        self.backend = backend

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


@contextmanager
def live_server(
    data_dir: Path,
    log: Path,
    *,
    backend: str = "embedded",
    sparql_url: str = "",
    **settings: object,
) -> Iterator[LiveServer]:
    """Start the server with ``ZHUSAN_*`` settings; stop it (and its children) afterwards.

    ``backend="sparql"`` serves from the engine whose query endpoint is ``sparql_url``.
    """
    settings.update(backend=backend, sparql_url=sparql_url)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHUSAN_")}
    env.update(
        {
            "ZHUSAN_INPUT_DIR": str(ROOT),
            "ZHUSAN_DATA_DIR": str(data_dir),
            "ZHUSAN_HOST": "127.0.0.1",
            "ZHUSAN_PORT": str(port),
        }
    )
    env.update({f"ZHUSAN_{k.upper()}": str(v) for k, v in settings.items()})
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve"],
            env=env,
            stdout=sink,
            stderr=sink,
            start_new_session=True,  # its own process group, so everything it starts is stopped
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield LiveServer(process, url, log, backend)
    finally:
        stop(process)


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not become healthy:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# ---- the remote engine for the `sparql` backend ---------------------------------------------


@dataclass
class Engine:
    """Oxigraph server on loopback: its query and Graph Store Protocol endpoints."""

    process: subprocess.Popen[bytes]
    url: str
    location: Path

    @property
    def query(self) -> str:
        return self.url + "/query"

    @property
    def store(self) -> str:
        return self.url + "/store"


def oxigraph_program() -> str:
    """The `oxigraph` command of this virtual environment (the `oxigraph` package on PyPI)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if not beside.is_file():
        pytest.fail(f"the oxigraph command is missing at {beside}: pip install oxigraph")
    return str(beside)


@contextmanager
def oxigraph_server(location: Path, log: Path, *, read_only: bool = False) -> Iterator[Engine]:
    """`oxigraph serve` (or `serve-read-only`) on a free loopback port; killed afterwards."""
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                oxigraph_program(),
                command,
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=sink,
            stderr=sink,
            start_new_session=True,
        )
    engine = Engine(process, f"http://127.0.0.1:{port}", location)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {process.returncode}:\n{log.read_text()}")
            try:
                requests.get(engine.query, params={"query": "ASK {}"}, timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start:\n{log.read_text()}") from None
                time.sleep(0.05)
        yield engine
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # a runaway query must not outlive the test
        process.wait()


def load_into(engine: Engine, data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`zhusan-kg build --load-into` the engine's Graph Store, as a deployment does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHUSAN_")}
    env["ZHUSAN_INPUT_DIR"] = str(ROOT)
    command = [sys.executable, "-m", "server.cli", "--data-dir", str(data_dir), "build"]
    return subprocess.run(
        [*command, "--load-into", engine.store, "--sparql-url", engine.query, *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


class _SharedEngine:
    """The session's engine, counted by its users (see `remote_engine`)."""

    def __init__(self) -> None:
        self.users = 0
        self.engine: Engine | None = None
        self.stack = ExitStack()


_SHARED = _SharedEngine()


@pytest.fixture(scope="session")
def remote_engine(
    config: Config, built: stores.BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One Oxigraph server for the session, loaded with the session's release.

    Each HTTP test module imports this fixture, which makes pytest keep one copy per module; the
    engine itself is shared and stopped when the last copy is torn down.
    """
    if _SHARED.engine is None:
        folder = tmp_path_factory.mktemp("engine")
        engine = _SHARED.stack.enter_context(
            oxigraph_server(folder / "location", folder / "oxigraph.log")
        )
        loaded = load_into(engine, Path(config.data_dir))
        if loaded.returncode != 0:
            _SHARED.stack.close()
            pytest.fail(f"loading the engine failed:\n{loaded.stdout}\n{loaded.stderr}")
        _SHARED.engine = engine
    _SHARED.users += 1
    try:
        yield _SHARED.engine
    finally:
        _SHARED.users -= 1
        if not _SHARED.users:
            _SHARED.engine = None
            _SHARED.stack.close()


def backend_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    """The settings for the backend a parametrized server fixture is asked for."""
    if request.param == "embedded":
        return {"backend": "embedded"}
    engine: Engine = request.getfixturevalue("remote_engine")
    return {"backend": "sparql", "sparql_url": engine.query}


# The pool's own guarantees (a killed worker, the CPU back to idle) have nothing to check on the
# sparql backend, where evaluation is the remote engine's: such tests run on the embedded one.
embedded_only = pytest.mark.parametrize("server", ["embedded"], indirect=True)
