"""Preparing one size: generate it, build it with `zhusan-kg build`, export what the store holds.

Every peer loads the export, so all systems serve exactly the dataset this project's server
serves: the asserted graphs and the inferred one. Inference and SHACL validation are timed
separately here, each bounded in time.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, Store, parse, serialize

from server.core.config import REPOSITORY_ROOT

from .generate import Generated, generate

Progress = Callable[[str], None]
# `zhusan-kg` runs with the repository as its working directory, so that `server` is the
# package in the repository even where an old editable install maps it as a namespace package.


@dataclass(frozen=True)
class Timed:
    """A bounded step: its seconds, or how long it ran before it was stopped."""

    seconds: float
    finished: bool
    detail: str = ""

    def text(self) -> str:
        if not self.finished:
            return f"> {self.seconds:.0f} s (stopped)"
        return f"{self.seconds:.2f} s" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Dataset:
    name: str
    work: Path
    input_dir: Path
    zhusan_data: Path
    nquads: Path  # everything the built store holds, graph by graph
    ntriples: Path  # the union of those graphs, for Virtuoso's single graph
    generated: Generated
    build_seconds: float
    build_steps: dict[str, float]  # seconds of each step, as `zhusan-kg build` reports them
    quads: int
    triples: int  # distinct triples of the union: the answer to the count query
    graphs: int
    inference: Timed
    inferred: int
    validation: Timed

    @property
    def store_path(self) -> Path:
        return (self.zhusan_data / "current").resolve()


def zhusan_env(input_dir: Path, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(ZHUSAN_INPUT_DIR=str(input_dir), ZHUSAN_DATA_DIR=str(data_dir))
    return env


def zhusan_command(*args: str) -> list[str]:
    """The `zhusan-kg` command (``server.cli:main``), run from the checkout (`REPOSITORY_ROOT`)."""
    return [sys.executable, "-m", "server.cli", "--quiet", *args]


def run_bounded(command: list[str], env: dict[str, str], timeout: float) -> tuple[Timed, int, str]:
    """Run a command in its own process group; stop the whole group at the time limit."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=REPOSITORY_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return Timed(time.perf_counter() - began, False), -1, ""
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return Timed(time.perf_counter() - began, True), process.returncode, output


def prepare(
    name: str,
    seed: int,
    work: Path,
    *,
    build_timeout: float,
    validate_timeout: float,
    progress: Progress,
) -> Dataset:
    work.mkdir(parents=True, exist_ok=True)
    progress(f"{name}: generating (seed {seed})")
    generated = generate(name, seed, work / "input")
    data_dir = work / "zhusan-data"
    env = zhusan_env(generated.out_dir, data_dir)

    progress(f"{name}: zhusan-kg build ({generated.triples} asserted triples)")
    built, code, output = run_bounded(zhusan_command("build", "--force"), env, build_timeout)
    if not built.finished or code != 0:
        raise RuntimeError(f"zhusan-kg build failed or was stopped: {output[-2000:]}")
    match = re.search(r"\((\d+) quads\)", output)
    quads = int(match.group(1)) if match else -1
    steps = build_steps(output)

    progress(f"{name}: zhusan-kg export (N-Quads)")
    nquads = work / "dataset.nq"
    exported, code, output = run_bounded(
        zhusan_command("export", "--format", "nquads", "--output", str(nquads)), env, build_timeout
    )
    if not exported.finished or code != 0:
        raise RuntimeError(f"zhusan-kg export failed: {output[-2000:]}")
    ntriples = work / "virtuoso-input" / "dataset.nt"
    triples, graphs = write_union(nquads, ntriples)

    progress(f"{name}: timing inference alone")
    inference, inferred = time_inference(generated.out_dir)
    progress(f"{name}: zhusan-kg validate (stopped after {validate_timeout:.0f} s)")
    validation, code, output = run_bounded(zhusan_command("validate"), env, validate_timeout)
    if validation.finished:
        verdict = {0: "conforms", 1: "reports problems"}.get(code, f"failed, exit {code}")
        validation = Timed(validation.seconds, True, verdict)
    return Dataset(
        name=name,
        work=work,
        input_dir=generated.out_dir,
        zhusan_data=data_dir,
        nquads=nquads,
        ntriples=ntriples,
        generated=generated,
        build_seconds=built.seconds,
        build_steps=steps,
        quads=quads,
        triples=triples,
        graphs=graphs,
        inference=inference,
        inferred=inferred,
        validation=validation,
    )


def build_steps(output: str) -> dict[str, float]:
    """``seconds: load 7.8 s, inference 22.1 s, dumps 54.1 s`` → {"load": 7.8, ...}."""
    line = next((x for x in output.splitlines() if x.strip().startswith("seconds:")), "")
    return {step: float(value) for step, value in re.findall(r"(\w+) (\d+(?:\.\d+)?) s", line)}


def write_union(nquads: Path, ntriples: Path) -> tuple[int, int]:
    """The union of every graph as N-Triples, each triple once: how many, and from how many
    graphs."""
    ntriples.parent.mkdir(parents=True, exist_ok=True)
    seen: dict[Any, None] = {}
    graphs = set()
    for quad in parse(path=str(nquads), format=RdfFormat.N_QUADS):
        seen[quad.triple] = None
        graphs.add(quad.graph_name)
    with ntriples.open("wb") as sink:
        serialize(seen, sink, format=RdfFormat.N_TRIPLES)
    return len(seen), len(graphs)


def time_inference(input_dir: Path) -> tuple[Timed, int]:
    """The project's own inference on an in-memory store of the inputs, timed alone."""
    from server.core import namespaces
    from server.store.inference import infer
    from server.store.inputs import input_files, load_inputs

    store = Store()
    load_inputs(store, input_files(input_dir), namespaces.BASE, progress=lambda _: None)
    began = time.perf_counter()
    inferred = infer(store)
    return Timed(time.perf_counter() - began, True, f"{inferred} triples inferred"), inferred
