"""Load, runaway queries and faults, in a form short enough for CI.

The full form (64 clients for a minute, ten runaways under the production time limit) is
`make reliability-full`, which writes bench/RELIABILITY.md; both use bench/stress.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from bench import stress
from bench.live_server import LiveServer, live_server
from server import serving
from server.core.config import Config
from server.store import disk as stores

from ..conftest import IN_CI, ROOT
from ..store.test_build import config_for, copy_inputs
from ..store.test_interrupted_build import add_bulk_graph, phases

pytestmark = pytest.mark.server

TIMEOUT = 2.0
PHASES = "SELECT ?phase WHERE { ?phase a zh:Phase }"
CLI = [sys.executable, "-m", "server.cli"]


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """A time limit short enough for runaway queries to hit it in CI."""
    return {"query_timeout": TIMEOUT}


@pytest.fixture(scope="module")
def mix(server: LiveServer) -> list[stress.Target]:
    """The example queries and the pages and documents of 30 things."""
    return stress.example_queries() + stress.entity_pages(server.url, limit=30)


def phase_count(url: str) -> int:
    response = requests.get(url + "/sparql", params={"query": PHASES}, timeout=30)
    assert response.status_code == 200, response.text
    return len(response.json()["results"]["bindings"])


# ---- load ------------------------------------------------------------------------------------


def test_sixteen_clients_for_five_seconds_get_no_server_error(
    server: LiveServer, mix: list[stress.Target]
) -> None:
    result = stress.run_load(server.url, mix, clients=16, seconds=5)
    print("load:", json.dumps(result.summary()))
    assert len(result.samples) > 100, result.summary()
    assert not result.failures, f"{len(result.failures)} requests got no answer"
    assert not result.server_errors, result.server_errors[0].body[:500]
    assert set(result.statuses()) == {200}, result.statuses()


# ---- runaway queries ---------------------------------------------------------------------------


def test_runaway_queries_are_stopped_while_others_keep_their_pace(
    server: LiveServer, mix: list[stress.Target]
) -> None:
    pid = server.process.pid
    stress.wait_until_idle(pid)
    ordinary = {"clients": 4, "seconds": 2, "pause": 0.02}
    quiet = stress.run_load(server.url, mix, **ordinary)
    processes = len(stress.process_tree(pid))
    rss_before = stress.tree_rss(pid)
    with stress.runaway_clients(server.url, 3, seconds=4) as runaways:
        time.sleep(0.3)  # every runaway has reached its query process
        busy = stress.run_load(server.url, mix, **{**ordinary, "seconds": 3.5})
    stress.wait_until_idle(pid)
    quiet_again = stress.run_load(server.url, mix, **ordinary)
    print("quiet:", json.dumps(quiet.summary()), "\nbusy:", json.dumps(busy.summary()))
    print("quiet again:", json.dumps(quiet_again.summary()))

    assert len(runaways) >= 3
    for runaway in runaways:
        assert runaway.status == 503, runaway.text[:300]
        assert "time limit" in runaway.text
        assert runaway.seconds < TIMEOUT + 1.5
    assert not busy.server_errors and not busy.failures, busy.statuses()
    # The quiet figure is taken on both sides, so that other work on the machine evens out.
    quiet_p50 = max(quiet.percentile(50), quiet_again.percentile(50))
    assert busy.percentile(50) <= 2 * quiet_p50, (quiet.summary(), busy.summary())

    # Every runaway's process is gone, and its memory with it.
    deadline = time.monotonic() + 10
    while len(stress.process_tree(pid)) != processes and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(stress.process_tree(pid)) == processes
    rss_after = stress.tree_rss(pid)
    print(f"rss: {rss_before >> 20} MiB before, {rss_after >> 20} MiB after")
    assert rss_after < rss_before * 1.25 + 32 * 2**20


# ---- a web worker killed under load -------------------------------------------------------------


def descendants_cpu(worker: psutil.Process) -> float:
    total = 0.0
    for process in worker.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(process.cpu_times()[:2])
    return total


def test_killed_web_worker_is_replaced_and_the_service_keeps_answering(
    server: LiveServer, mix: list[stress.Target]
) -> None:
    master = server.process.pid
    assert len(stress.web_workers(master)) == 2
    outcome: dict[str, stress.LoadResult] = {}
    load = threading.Thread(
        target=lambda: outcome.setdefault(
            "load", stress.run_load(server.url, mix, clients=8, seconds=5)
        )
    )
    load.start()
    # Runaway queries, so that the killed worker has a query process busy evaluating: that
    # one must die with it too, not run on with nobody left to stop it.
    with stress.runaway_clients(server.url, 4, seconds=1):
        time.sleep(1.0)
        before = {w.pid: descendants_cpu(w) for w in stress.web_workers(master)}
        time.sleep(0.3)
        victim = max(
            stress.web_workers(master), key=lambda w: descendants_cpu(w) - before.get(w.pid, 0)
        )
        descendants = victim.children(recursive=True)
        killed_at = time.monotonic()
        victim.send_signal(signal.SIGKILL)
    load.join(60)
    result = outcome["load"]

    replaced = [w for w in stress.web_workers(master) if w.pid != victim.pid]
    deadline = time.monotonic() + 10
    while len(replaced) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        replaced = [w for w in stress.web_workers(master) if w.pid != victim.pid]
    assert len(replaced) == 2, "gunicorn did not start a new worker"
    assert len(descendants) >= 3, "the killed worker had no query processes"
    _, alive = psutil.wait_procs(descendants, timeout=10)
    assert not alive, f"the killed worker left {len(alive)} processes running"

    print("load with a kill:", json.dumps(result.summary()))
    assert not result.server_errors, result.server_errors[0].body[:500]
    # Only the requests in flight on the killed worker may go unanswered.
    assert len(result.failures) <= 8, result.statuses()
    later = [s for s in result.samples if s.started > killed_at + 1.0]
    assert later and all(s.status == 200 for s in later), stress.LoadResult(later).statuses()
    assert phase_count(server.url) == 5


# ---- a damaged store at start --------------------------------------------------------------------


def manifest_of(config: Config) -> Path:
    return stores.current_store(config).path / stores.MANIFEST


def garbage_manifest(config: Config) -> None:
    manifest_of(config).write_text("{ not json")


def manifest_of_another_version(config: Config) -> None:
    manifest = json.loads(manifest_of(config).read_text())
    manifest["format"] = "zhusan-store/1"
    manifest_of(config).write_text(json.dumps(manifest))


def database_without_its_current_file(config: Config) -> None:
    (stores.current_store(config).path / "CURRENT").unlink()


def truncated_database_files(config: Config) -> None:
    for table in stores.current_store(config).path.glob("*.sst"):
        table.write_bytes(table.read_bytes()[:100])


def link_to_a_removed_store(config: Config) -> None:
    shutil.rmtree(stores.current_store(config).path)


@pytest.mark.parametrize(
    "damage",
    [
        garbage_manifest,
        manifest_of_another_version,
        database_without_its_current_file,
        truncated_database_files,
        link_to_a_removed_store,
    ],
)
def test_damaged_store_is_reported_and_rebuilt_at_start(
    tmp_path: Path, damage, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_for(ROOT, tmp_path / "data")
    first = stores.build(config)
    damage(config)
    serving.ensure_store(config, progress=lambda _: None)
    said = capsys.readouterr().err
    assert "building a fresh store" in said
    assert str(first.path) in said, said
    fresh = stores.current_store(config)
    assert fresh.path != first.path and fresh.content_hash == first.content_hash
    assert phases(config) == 5


def test_server_started_on_a_store_of_another_version_rebuilds_and_serves(tmp_path: Path) -> None:
    config = config_for(ROOT, tmp_path / "data")
    first = stores.build(config)
    manifest_of_another_version(config)
    with live_server(tmp_path / "data", tmp_path / "server.log") as running:
        health = requests.get(running.url + "/healthz", timeout=10).json()
        assert health["version"] == first.content_hash
        assert phase_count(running.url) == 5
        log = "\n".join(running.log_lines())
    assert "no valid manifest" in log and "building a fresh store" in log
    assert log.count("Booting worker") == 2  # no worker died and was booted again


def test_store_that_cannot_be_rebuilt_stops_the_start_with_a_clear_error(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in")
    config = config_for(inputs, tmp_path / "data")
    stores.build(config)
    garbage_manifest(config)
    (inputs / "graph" / "reference.trig").write_text("GRAPH <x> { this is not TriG", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHUSAN_")}
    started = time.monotonic()
    finished = subprocess.run(
        [*CLI, "--input-dir", str(inputs), "--data-dir", str(tmp_path / "data"), "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 2, finished.stderr[-2000:]
    # The message names the bad file first, then what became of the build and of the store.
    assert "reference.trig" in finished.stderr and "the build of store" in finished.stderr
    assert "Traceback" not in finished.stderr and "Booting worker" not in finished.stderr
    assert time.monotonic() - started < 30


# ---- a build killed at each of its steps ---------------------------------------------------------

BUILD_UNTIL = """
import sys, time
from server.store import disk as stores
from server.core.config import load_config

point = sys.argv[3]
config = load_config({"input_dir": sys.argv[1], "data_dir": sys.argv[2]}, environ={})

def progress(message):
    print(message, flush=True)
    if message.startswith(point):
        time.sleep(600)  # the test kills the build here

switch = stores._point_current_at
def pause_then_switch(current, target):
    progress("switching")
    switch(current, target)

stores._point_current_at = pause_then_switch
stores.build(config, progress=progress)
"""


EXTRA = """GRAPH <https://w3id.org/zhusan/graph/reference> {
  <https://w3id.org/zhusan/id/extra> <http://www.w3.org/2000/01/rdf-schema#label> "extra"@en .
}
"""


@pytest.mark.parametrize(
    "point", ["building store", "loaded", "inferred", "writing dumps", "switching"]
)
def test_build_killed_at_each_step_leaves_the_served_store_usable(
    tmp_path: Path, point: str
) -> None:
    inputs = copy_inputs(tmp_path / "in")
    config = config_for(inputs, tmp_path / "data")
    served = stores.build(config)
    (inputs / "graph" / "zz-extra.trig").write_text(EXTRA, encoding="utf-8")
    build = subprocess.Popen(
        [sys.executable, "-c", BUILD_UNTIL, str(inputs), str(tmp_path / "data"), point],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert build.stdout is not None
        for line in build.stdout:
            if line.startswith(point):
                break
        else:
            pytest.fail(f"the build ended without reaching {point!r}")
    finally:
        build.kill()
        build.wait()
        if build.stdout is not None:
            build.stdout.close()
    assert stores.current_store(config).content_hash == served.content_hash
    assert phases(config) == 5
    finished = stores.build(config)  # the next build completes and clears the debris
    assert finished.rebuilt and finished.content_hash != served.content_hash
    kept = {p.name for p in (tmp_path / "data" / "stores").iterdir()}
    assert kept == {finished.path.name, served.path.name}
    assert phases(config) == 5


# ---- a full disk -----------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 10 MiB tmpfs: room for one store of the repository's inputs, not for two."""
    if os.geteuid() != 0 and not IN_CI:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=10m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        if IN_CI:
            pytest.fail(f"cannot mount a tmpfs in CI: {mounted.stderr}")
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_build_on_a_full_disk_fails_cleanly_and_keeps_the_served_store(
    tmp_path: Path, small_disk: Path
) -> None:
    inputs = copy_inputs(tmp_path / "in")
    config = config_for(inputs, small_disk)
    served = stores.build(config)
    add_bulk_graph(inputs)
    finished = subprocess.run(
        [*CLI, "--input-dir", str(inputs), "--data-dir", str(small_disk), "-q", "build"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert finished.returncode == 2, finished.stderr[-2000:]
    assert "No space left on device" in finished.stderr
    assert f"still serves {served.path.name}" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert stores.current_store(config).content_hash == served.content_hash
    assert [p.name for p in (small_disk / "stores").iterdir()] == [served.path.name]
    assert phases(config) == 5
