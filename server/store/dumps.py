"""The citable dumps, written once per build next to the store.

The whole dataset and each named graph in N-Quads, TriG, Turtle and JSON-LD, plus the
ontology and shapes files. Written from the store in its index order and gzip-compressed with
no timestamp, so the same inputs give the same bytes and the same sha256 on every machine.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from pyoxigraph import Store

from server.core.formats import by_name
from server.core.namespaces import GRAPH
from server.store.export import write_dataset

DUMP_FORMATS = ("nquads", "trig", "turtle", "jsonld")
COMPRESS_ABOVE = 32 * 1024  # bytes; smaller files are served as they are
MANIFEST = "dumps.json"
# Input files published as they are, under names that cannot clash with the dumps.
COPIED_INPUTS = {
    "ontology/zhusan.ttl": "ontology.ttl",
    "ontology/concepts.ttl": "concepts.ttl",
    "ontology/shapes.ttl": "shapes.ttl",
}


@dataclass(frozen=True)
class Dump:
    name: str  # file name under /dumps/
    media_type: str
    encoding: str | None  # "gzip" or None
    size: int
    sha256: str
    graph: str | None  # None: the whole dataset (or an input file)
    description: str


def graph_slug(graph: str) -> str:
    """A distinct, safe file-name part for any graph IRI.

    ``…/graph/source/000`` → ``source-000``: the project's graphs keep short names, since
    each is a lowercase path that maps back one to one. Any other IRI (``http://example.org/a``
    → ``example-org-a--1f2e3d4c5b6a``) gets a readable part, made of letters, digits and single
    hyphens, plus ``--`` and a hash of the whole IRI: two IRIs that differ only in characters
    a file name cannot hold (or in case, on a file system that ignores it) still get two
    names, and none of them can clash with a short one, which never holds ``--``.
    """
    local = graph[len(GRAPH) :] if graph.startswith(GRAPH) else ""
    if re.fullmatch(r"[a-z0-9]+(/[a-z0-9]+)*", local):
        return local.replace("/", "-")
    readable = local or re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*:", "", graph)
    words = re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")[:48].strip("-")
    digest = hashlib.sha256(graph.encode()).hexdigest()[:12]
    return f"{words or 'graph'}--{digest}"


def write_dumps(store_path: Path, folder: Path, inputs: Path, graphs: list[str]) -> list[Dump]:
    """Write every dump of the closed store at ``store_path`` into ``folder``.

    Serialising holds the GIL, so the dumps are written by processes, one per core, each
    with the store open read-only (the build has closed it: nothing writes to it any more).
    The whole dataset's four dumps, the largest, go first; then one task per graph.
    """
    folder.mkdir(parents=True, exist_ok=True)
    tasks: list[list[tuple[str | None, str]]] = [[(None, name)] for name in DUMP_FORMATS]
    tasks += [[(graph, name) for name in DUMP_FORMATS] for graph in sorted(graphs)]
    # spawn, not fork: the parent may have RocksDB (or a query pool) running threads.
    context = multiprocessing.get_context("spawn")
    processes = max(1, min(os.cpu_count() or 1, len(tasks)))
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        pending = [pool.submit(_write_task, str(store_path), folder, task) for task in tasks]
        dumps = [dump for job in pending for dump in job.result()]
    for relative, name in COPIED_INPUTS.items():
        data = (inputs / relative).read_bytes()
        description = f"the input file {relative}"
        dumps.append(_save(folder, name, data, by_name("turtle").media_type, None, description))
    names = [d.name for d in dumps]
    assert len(set(names)) == len(names), f"two dumps share a name: {names}"
    (folder / MANIFEST).write_text(json.dumps([asdict(d) for d in dumps], indent=1) + "\n")
    return dumps


_OPEN: dict[str, Store] = {}  # in a dump process: the store, opened once for all its tasks


def _write_task(store_path: str, folder: Path, task: list[tuple[str | None, str]]) -> list[Dump]:
    """In a dump process: serialise, compress and write the dumps of one task."""
    store = _OPEN.get(store_path)
    if store is None:
        store = _OPEN[store_path] = Store.read_only(store_path)
    dumps = []
    for graph, name in task:
        stem = "zhusan" if graph is None else f"zhusan-{graph_slug(graph)}"
        what = "the whole dataset" if graph is None else f"the graph <{graph}>"
        fmt = by_name(name)
        buffer = io.BytesIO()
        write_dataset(store, fmt, buffer, graph=graph, merged=True)
        data = buffer.getvalue()
        del buffer
        file_name = f"{stem}.{fmt.extension}"
        dumps.append(_save(folder, file_name, data, fmt.media_type, graph, f"{what} in {fmt.name}"))
    return dumps


def _save(
    folder: Path, name: str, data: bytes, media_type: str, graph: str | None, description: str
) -> Dump:
    encoding = None
    if len(data) > COMPRESS_ABOVE:
        # Level 6, gzip's default: level 9 took 2.7 times as long for about the same size.
        data, name, encoding = gzip.compress(data, compresslevel=6, mtime=0), name + ".gz", "gzip"
    (folder / name).write_bytes(data)
    return Dump(
        name, media_type, encoding, len(data), hashlib.sha256(data).hexdigest(), graph, description
    )


def read_manifest(folder: Path) -> list[Dump]:
    return [Dump(**entry) for entry in json.loads((folder / MANIFEST).read_text())]
