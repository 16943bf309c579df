"""A real server process for HTTP tests: `zhusan-kg serve` (gunicorn) on a free loopback port,
with its stderr (the access log) kept in a file the tests can read."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


@contextmanager
def live_server(data_dir: Path, log: Path, **settings: object) -> Iterator[LiveServer]:
    """Start the server with ``ZHUSAN_*`` settings; stop it (and its children) afterwards."""
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
        yield LiveServer(process, url, log)
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
