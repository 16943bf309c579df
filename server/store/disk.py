"""The on-disk Oxigraph store: building it from ontology/ and graph/, and opening it to serve.

A build writes a complete store into a fresh directory named after the content hash of its
inputs, then switches the ``current`` link to it with one atomic rename. An interrupted build
therefore never touches the store being served, and an unchanged input set costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad, QuerySolutions, Store

from server.core.config import Config
from server.store.dumps import write_dumps
from server.store.inference import infer
from server.store.inputs import InputError, InputFile, input_files, load_inputs

# Bump when the way inputs become a store changes, so that old stores are rebuilt.
BUILD_FORMAT = "zhusan-store/3"
MANIFEST = "manifest.json"
DUMPS = "dumps"
CURRENT = "current"

Progress = Callable[[str], None]


class StoreError(Exception):
    """The store is missing, unreadable or not what its manifest says."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    content_hash: str
    rebuilt: bool
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step of a build


def content_hash(files: Iterable[InputFile], inputs: Path, base: str) -> str:
    """sha256 over the build format, the IRI base and every input file's path and bytes."""
    digest = hashlib.sha256(f"{BUILD_FORMAT}\n{base}\n".encode())
    for item in files:
        digest.update(item.path.relative_to(inputs).as_posix().encode() + b"\0")
        digest.update(item.path.read_bytes() + b"\0")
    return digest.hexdigest()


def build(
    config: Config, *, force: bool = False, progress: Progress = lambda _: None
) -> BuildResult:
    """Build the store if its inputs changed, and make it the current one atomically."""
    inputs = config.inputs
    stores = config.stores / "stores"
    current = config.stores / CURRENT
    try:
        files = input_files(inputs)
    except InputError as error:
        raise StoreError(f"{error}; nothing was built, {_still_served(current)}") from error
    digest = content_hash(files, inputs, config.base)
    served = _readable_manifest(current.resolve()) if current.is_symlink() else None
    if not force and served is not None and _current_hash(current) == digest:
        progress(f"store {digest[:12]} is up to date")
        return BuildResult(current.resolve(), digest, False, served)

    stores.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_builds(stores)
    staging = stores / f".building-{digest[:12]}-{os.getpid()}"
    progress(f"building store {digest[:12]} in {staging}")
    # A unique name, so that a forced rebuild never replaces the directory being served.
    target = stores / f"{digest}.{time.time_ns()}"
    previous = current.resolve().name if current.is_symlink() else ""
    try:
        counts, timings = _fill(staging, files, inputs, config.base, digest, progress)
        os.rename(staging, target)
        _point_current_at(current, target)
    except (OSError, InputError) as error:  # a full disk, a bad input: no half-written store
        _discard(staging, target, current)
        raise StoreError(
            f"{error}; the build of store {digest[:12]} stopped, {_still_served(current)}"
        ) from error
    except BaseException:  # a bug or an interrupt: no debris either, and its traceback shown
        _discard(staging, target, current)
        raise
    _prune(stores, keep={target.name, previous})
    progress(f"store {digest[:12]} is now current: {sum(counts.values())} quads")
    return BuildResult(target, digest, True, counts, timings)


def _fill(
    path: Path, files: list[InputFile], inputs: Path, base: str, digest: str, progress: Progress
) -> tuple[dict[str, int], dict[str, float]]:
    """Build the store in ``path``; the graphs' sizes and each step's seconds."""
    store = Store(str(path))
    try:
        counts, timings = _fill_store(store, files, base, progress)
        store.flush()
    except BaseException as error:
        # Close the database now: the failed build's staging folder is removed next, and RocksDB
        # must not still be writing into it. The traceback's frames hold the store too.
        del store
        traceback.clear_frames(error.__traceback__)
        raise
    del store  # closes the database: the dumps read it from other processes, then it is renamed
    progress("writing dumps")
    began = time.perf_counter()
    write_dumps(path, path / DUMPS, inputs, sorted(counts))
    timings["dumps"] = time.perf_counter() - began
    manifest = {"format": BUILD_FORMAT, "content_hash": digest, "base": base, "graphs": counts}
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return counts, timings


def _fill_store(
    store: Store, files: list[InputFile], base: str, progress: Progress
) -> tuple[dict[str, int], dict[str, float]]:
    """Load, infer and merge; the graphs' sizes and each step's seconds."""
    timings: dict[str, float] = {}
    began = time.perf_counter()
    load_inputs(store, files, base, progress)
    timings["load"] = time.perf_counter() - began
    progress(f"loaded {len(store)} quads from {len(files)} files; inferring")
    began = time.perf_counter()
    inferred = infer(store, progress)
    timings["inference"] = time.perf_counter() - began
    progress(f"inferred {inferred} triples")
    began = time.perf_counter()
    merged = merge_into_default_graph(store)
    timings["merge"] = time.perf_counter() - began
    progress(f"default graph: the merge of all graphs, {merged} distinct triples")
    return graph_counts(store), timings


def merge_into_default_graph(store: Store) -> int:
    """Write the RDF merge of every named graph (inferred included) into the default graph.

    A query that names no dataset then reads it as it is: each distinct triple once (Oxigraph's
    union default graph repeats a triple stated in two graphs), and its FROM clauses still work,
    which the union option would override. Quad by quad rather than through a dump and the bulk
    loader, which renames blank nodes (measured as fast: 300,000 triples in either way).
    Returns the number of triples in the default graph.
    """
    graphs = list(store.named_graphs())
    store.bulk_extend(  # a staging store nobody reads yet; the store is a set of quads
        Quad(quad.subject, quad.predicate, quad.object)
        for graph in graphs
        for quad in store.quads_for_pattern(None, None, None, graph)
    )
    # Counted by the engine: iterating 1.3 million quads in Python took 6 s of a 30 s merge.
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(rows, QuerySolutions)
    return int(next(iter(rows))["n"].value)


def graph_counts(store: Store) -> dict[str, int]:
    """Number of quads in each named graph."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    rows = store.query(query)
    assert isinstance(rows, QuerySolutions)
    return {row["g"].value: int(row["n"].value) for row in rows}


def _point_current_at(current: Path, target: Path) -> None:
    link = current.with_name(f".{CURRENT}-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(target, current.parent), link)
    os.replace(link, current)  # atomic: readers see the old store or the new one


def _current_hash(current: Path) -> str | None:
    return _hash_of(Path(os.readlink(current))) if current.is_symlink() else None


def _hash_of(path: Path) -> str:
    return path.name.split(".")[0]


def _readable_manifest(path: Path) -> dict[str, int] | None:
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("format") != BUILD_FORMAT or manifest.get("content_hash") != _hash_of(path):
        return None
    return dict(manifest["graphs"])


def _discard(staging: Path, target: Path, current: Path) -> None:
    """Remove what a failed build wrote, unless ``current`` already points at it."""
    shutil.rmtree(staging, ignore_errors=True)
    if not (current.is_symlink() and current.resolve() == target.resolve()):
        shutil.rmtree(target, ignore_errors=True)


def _still_served(current: Path) -> str:
    if not current.is_symlink():
        return "no store is current"
    return f"{current} still serves {current.resolve().name}"


def _remove_abandoned_builds(stores: Path) -> None:
    for staging in stores.glob(".building-*"):
        shutil.rmtree(staging, ignore_errors=True)


def _prune(stores: Path, keep: set[str]) -> None:
    """Keep the new store and the one it replaced (a server may still be reading it)."""
    for path in stores.iterdir():
        if path.is_dir() and not path.name.startswith(".") and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class ServedStore:
    """The current store, resolved once, with its manifest."""

    path: Path
    content_hash: str
    counts: dict[str, int]

    @property
    def dumps(self) -> Path:
        return self.path / DUMPS


def current_store(config: Config) -> ServedStore:
    """Resolve and check the store to serve; a clear error when it is missing or damaged."""
    current = config.stores / CURRENT
    if not current.is_symlink():
        raise StoreError(f"no store at {current}: run `zhusan-kg build` first")
    path = current.resolve()
    counts = _readable_manifest(path)
    if counts is None:
        raise StoreError(
            f"the store at {path} has no valid manifest (interrupted, damaged or built by another "
            "version): run `zhusan-kg build --force`"
        )
    return ServedStore(path, _hash_of(path), counts)


def open_read_only(served: ServedStore) -> Store:
    """Open the served store read-only; several processes may do so at once."""
    try:
        return Store.read_only(str(served.path))
    except (OSError, RuntimeError) as error:  # RocksDB reports damaged files as RuntimeError
        raise StoreError(
            f"cannot open the store at {served.path}: {error}; run `zhusan-kg build --force`"
        ) from error
