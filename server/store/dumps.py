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
import re
from concurrent.futures import Future, ThreadPoolExecutor
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


def write_dumps(store: Store, folder: Path, inputs: Path, graphs: list[str]) -> list[Dump]:
    folder.mkdir(parents=True, exist_ok=True)
    # Compressing, hashing and writing happen on another thread (zlib and hashlib release the
    # GIL) while this one serialises the next dump, so the two overlap.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: list[Future[Dump]] = []
        for graph in [None, *sorted(graphs)]:
            stem = "zhusan" if graph is None else f"zhusan-{graph_slug(graph)}"
            what = "the whole dataset" if graph is None else f"the graph <{graph}>"
            for name in DUMP_FORMATS:
                fmt = by_name(name)
                buffer = io.BytesIO()
                write_dataset(store, fmt, buffer, graph=graph)
                if pending:
                    # One dump compressed while the next is serialised, never a queue of them:
                    # uncompressed, each is hundreds of MB at a million triples.
                    pending[-1].result()
                pending.append(
                    pool.submit(
                        _save,
                        folder,
                        f"{stem}.{fmt.extension}",
                        buffer.getvalue(),
                        fmt.media_type,
                        graph,
                        f"{what} in {fmt.name}",
                    )
                )
        for relative, name in COPIED_INPUTS.items():
            data = (inputs / relative).read_bytes()
            description = f"the input file {relative}"
            pending.append(
                pool.submit(
                    _save, folder, name, data, by_name("turtle").media_type, None, description
                )
            )
        dumps = [job.result() for job in pending]
    names = [d.name for d in dumps]
    assert len(set(names)) == len(names), f"two dumps share a name: {names}"
    (folder / MANIFEST).write_text(json.dumps([asdict(d) for d in dumps], indent=1) + "\n")
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
