"""A build killed at any point leaves the served store intact and usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server.backends.querying import select
from server.store import disk as stores

from .test_build import config_for, copy_inputs

BULK_TRIPLES = 150_000


def add_bulk_graph(inputs: Path) -> None:
    """Enough extra data that a build takes long enough to be killed in its middle."""
    lines = ["GRAPH <https://w3id.org/zhusan/graph/reference> {"]
    lines += [
        f"<https://w3id.org/zhusan/id/bulk/{i}> <http://www.w3.org/2000/01/rdf-schema#label>"
        f' "bulk {i}"@en .'
        for i in range(BULK_TRIPLES)
    ]
    lines.append("}")
    (inputs / "graph" / "zz-bulk.trig").write_text("\n".join(lines), encoding="utf-8")


def phases(config) -> int:  # type: ignore[no-untyped-def]
    store = stores.open_read_only(stores.current_store(config))
    return len(select(store, "SELECT ?p WHERE { ?p a zh:Phase }"))


@pytest.mark.parametrize("delay", [0.0, 0.4, 1.0])
def test_build_killed_midway_leaves_the_previous_store_usable(tmp_path: Path, delay: float) -> None:
    inputs = copy_inputs(tmp_path / "in")
    config = config_for(inputs, tmp_path / "data")
    served = stores.build(config)
    add_bulk_graph(inputs)
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--input-dir",
            str(inputs),
            "--data-dir",
            str(tmp_path / "data"),
            "-q",
            "build",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill at a point measured from when the build has really begun writing, not from when
    # the interpreter was launched (which varies with the machine's load).
    staging = tmp_path / "data" / "stores"
    deadline = time.monotonic() + 30
    while not list(staging.glob(".building-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    assert build.poll() is None, "the build finished before it could be interrupted"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert list(staging.glob(".building-*")), "killed before it started"
    assert stores.current_store(config).content_hash == served.content_hash
    assert phases(config) == 5
    finished = stores.build(config)  # the next build completes and clears the debris
    assert finished.rebuilt and finished.content_hash != served.content_hash
    assert not list((tmp_path / "data" / "stores").glob(".building-*"))
    assert phases(config) == 5
