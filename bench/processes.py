"""Processes of the systems under test: started in their own process group on a free loopback
port, watched until they answer, measured (RSS and CPU of the whole tree), and stopped with
their whole group on the normal path and on errors alike (see `Fleet`)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psutil

from server.core.programs import find_program

from .load import fetch

HEALTH_QUERY = "ASK {}"
JSON = "application/sparql-results+json"


class StartError(RuntimeError):
    """A system did not start, did not load its data, or died."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tool(name: str) -> str:
    """A command installed next to this Python (the venv), else on PATH."""
    found = find_program(name)
    if found is None:
        raise StartError(f"{name} is not installed")
    return found


@dataclass
class Running:
    """A started system: where it answers, how long it took to load, and its processes."""

    name: str
    version: str
    port: int
    endpoint: str
    process: subprocess.Popen[bytes]
    log: Path
    load_seconds: float | None = None
    startup_seconds: float = 0.0
    params: tuple[tuple[str, str], ...] = ()
    notes: list[str] = field(default_factory=list)
    # Processes the system needs besides its own (the engine behind a `sparql` backend):
    # their memory and CPU count as the system's.
    companions: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def path_for(self, query: str) -> str:
        """The request path of a GET for ``query``, with this system's extra parameters."""
        return self.endpoint + "?" + urlencode([("query", query), *self.params])

    def processes(self) -> list[psutil.Process]:
        found = []
        for leader in [self.process, *self.companions]:
            try:
                root = psutil.Process(leader.pid)
                found += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        return found

    def rss(self) -> list[tuple[str, int]]:
        """Resident memory of every process of the system, its children included."""
        sizes = []
        for proc in self.processes():
            try:
                sizes.append((f"{proc.name()} {proc.pid}", proc.memory_info().rss))
            except psutil.NoSuchProcess:
                continue
        return sizes

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self.processes():
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                continue
        return total

    def wait_idle(self, limit: float, sample: float = 0.1) -> bool:
        """Wait until the system stops working on abandoned requests; False at the limit."""
        deadline = time.monotonic() + limit
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(sample)
            after = self.cpu_seconds()
            if after - before < sample * 0.1:
                return True
            before = after
        return False

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Fleet:
    """Every process the benchmark started; `stop_all` ends each one's process group."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(
        self,
        command: Sequence[str],
        log: Path,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.Popen[bytes]:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as sink:
            process = subprocess.Popen(
                list(command),
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=cwd,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
        stop_group(process, grace)
        if process in self.processes:
            self.processes.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.processes)):
            self.stop(process)


def stop_group(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """End a process started with ``start_new_session`` and everything it started: SIGTERM to
    its group, SIGKILL after ``grace`` seconds and to whatever the leader left behind."""
    if process.poll() is None:
        _signal_group(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    _signal_group(process.pid, signal.SIGKILL)  # children left behind by the leader
    if process.poll() is None:
        process.wait(5)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)  # the group's id is the leader's pid (start_new_session)


def wait_healthy(system: Running, timeout: float) -> float:
    """Seconds until the endpoint answers ``ASK {}`` with 200; StartError otherwise."""
    started = time.monotonic()
    deadline = started + timeout
    last = ""
    while time.monotonic() < deadline:
        if system.process.poll() is not None:
            raise StartError(
                f"{system.name} exited ({system.process.returncode}):\n{system.log_tail()}"
            )
        try:
            status, _, body = fetch(system.port, system.path_for(HEALTH_QUERY), JSON, timeout=5)
            if status == 200:
                return time.monotonic() - started
            last = f"HTTP {status}: {body[:200]!r}"
        except OSError as error:
            last = str(error)
        time.sleep(0.2)
    raise StartError(
        f"{system.name} not ready after {timeout:.0f} s ({last}):\n{system.log_tail()}"
    )


def output_of(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(
            list(command), capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0]
        if (done.stdout or done.stderr)
        else "unknown"
    )
