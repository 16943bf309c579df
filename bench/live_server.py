"""A real server process: `zhusan-kg serve` (gunicorn) on a free loopback port, with its stderr
(the access log) kept in a file a caller can read; on either store backend. Used by the HTTP
tests (their fixtures are in tests/conftest.py) and by bench/reliability.py.

The `sparql` backend is tested in front of Oxigraph's own server (the `oxigraph` command from
PyPI), started on loopback with a temporary location and loaded by `zhusan-kg build
--load-into`, as a deployment would load it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from server.core.config import REPOSITORY_ROOT

from .processes import free_port, stop_group, tool


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
            "ZHUSAN_INPUT_DIR": str(REPOSITORY_ROOT),
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
        stop_group(process)


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not up, or its first answer is slow
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not become healthy:\n{log.read_text()}")


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


@contextmanager
def oxigraph_server(location: Path, log: Path, *, read_only: bool = False) -> Iterator[Engine]:
    """`oxigraph serve` (or `serve-read-only`) on a free loopback port; killed afterwards."""
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                tool("oxigraph"),
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
    env["ZHUSAN_INPUT_DIR"] = str(REPOSITORY_ROOT)
    command = [sys.executable, "-m", "server.cli", "--data-dir", str(data_dir), "build"]
    return subprocess.run(
        [*command, "--load-into", engine.store, "--sparql-url", engine.query, *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
