"""`zhusan-kg build --load-into`: the built release copied into a SPARQL engine, then checked.

Two ways in:

* ``--via gsp`` (the default): the SPARQL 1.1 Graph Store Protocol, for any engine that has it
  (Oxigraph server's ``/store``, Fuseki's ``/dataset/data``, Virtuoso's
  ``/sparql-graph-crud``). Each named graph is PUT as N-Triples (a PUT replaces the graph, so
  loading again is safe); the graphs of the previous release that are gone are deleted. The
  release graph is deleted first and written last, so that a load cut short leaves no release
  claimed. Graph by graph, the protocol is not atomic: load a new engine and point the replicas
  at it to switch releases without a mixed moment.
* ``--via oxigraph-load``: Oxigraph's own bulk loader (``oxigraph load``) into a new, empty
  location, which ``oxigraph serve-read-only --location DIR`` then serves.
* ``--via nquads``: one N-Quads file (gzipped when it ends in ``.gz``) with every graph and the
  release graph, for any other engine's bulk loader (Virtuoso's ``ld_dir``, QLever's index
  builder, Fuseki's ``tdb2.tdbloader``).

The release graph and the triple counts are then read back from the engine (over
``--sparql-url`` for the protocol, from the location for Oxigraph's loader) and compared, graph
by graph, with the build's; a mismatch fails the command. A file has no engine to ask yet:
`zhusan-kg serve` makes the same check when it starts on the sparql backend.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import requests
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from server.backends.release import (
    CONNECT_TIMEOUT,
    ERROR_TEXT,
    GRAPH_MERGED,
    GRAPH_RELEASE,
    VOID,
    Release,
    Select,
    count_graphs,
    differences,
    endpoint_select,
    read_release,
)
from server.core.config import Config
from server.core.formats import by_name
from server.core.namespaces import DCTERMS, RDF, XSD
from server.core.programs import find_program
from server.store import disk as stores
from server.store.disk import Progress
from server.store.export import named_quads

VIAS = ("gsp", "oxigraph-load", "nquads")


class LoadError(stores.StoreError):
    """The engine refused the data, or the loader failed."""


@dataclass
class LoadReport:
    target: str
    release: Release
    found: dict[str, int]
    problems: list[str] = field(default_factory=list)
    checked: bool = True  # False for a file, which no engine holds yet

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        if not self.checked:
            return (
                f"written: release {self.release.content_hash[:12]} to {self.target}; load it "
                "with the engine's bulk loader (it names every graph); `zhusan-kg serve` checks "
                "the counts when it starts"
            )
        verdict = "verified" if self.ok else "MISMATCH"
        lines = [f"{verdict}: release {self.release.content_hash[:12]} in {self.target}"]
        for graph, expected in sorted(self.release.loaded.items()):
            found = self.found.get(graph, 0)
            mark = "" if found == expected else f"  (expected {expected})"
            lines.append(f"  {found:>7}  {graph}{mark}")
        lines += [f"  ! {problem}" for problem in self.problems]
        return "\n".join(lines)


def release_triples(release: Release) -> list[Triple]:
    """What the release graph says: content hash, IRI space and triples per graph (the
    merged one included, which is no subset: it holds them all)."""
    this = NamedNode(GRAPH_RELEASE)
    triples = [
        Triple(this, NamedNode(RDF + "type"), NamedNode(VOID + "Dataset")),
        Triple(this, NamedNode(DCTERMS + "identifier"), Literal(release.content_hash)),
        Triple(this, NamedNode(VOID + "uriSpace"), Literal(release.uri_space)),
    ]
    integer = NamedNode(XSD + "integer")
    for name, count in sorted(release.loaded.items()):
        if name != GRAPH_MERGED:
            triples.append(Triple(this, NamedNode(VOID + "subset"), NamedNode(name)))
        triples.append(
            Triple(
                NamedNode(name), NamedNode(VOID + "triples"), Literal(str(count), datatype=integer)
            )
        )
    return triples


def release_quads(release: Release) -> list[Quad]:
    graph = NamedNode(GRAPH_RELEASE)
    return [Quad(t.subject, t.predicate, t.object, graph) for t in release_triples(release)]


def load_release(
    config: Config,
    built: stores.BuildResult,
    target: str,
    *,
    via: str,
    sparql_url: str | None,
    progress: Progress = lambda _: None,
) -> LoadReport:
    """Load the current build into ``target`` and read the counts back."""
    store = stores.open_read_only(stores.current_store(config))
    merged = sum(1 for _ in store.quads_for_pattern(None, None, None, DefaultGraph()))
    release = Release(built.content_hash, config.base + "id/", dict(built.counts), merged)
    if via == "gsp":
        if not sparql_url:
            raise LoadError(
                "give the engine's query endpoint (--sparql-url or ZHUSAN_SPARQL_URL): the "
                "counts are checked through it after loading"
            )
        select = endpoint_select(sparql_url)
        load_by_gsp(store, release, target, select, progress)
        progress(f"checking the counts through {sparql_url}")
        return verify(select, release, target)
    if via == "oxigraph-load":
        location = Path(target)
        load_by_oxigraph(store, release, location, progress)
        progress(f"checking the counts in {location}")
        loaded = Store.read_only(str(location))
        return verify(_store_select(loaded), release, target)
    if via == "nquads":
        write_release_file(store, release, Path(target))
        return LoadReport(target, release, {}, checked=False)
    raise LoadError(f"unknown loading method {via!r}; use one of {', '.join(VIAS)}")


def verify(select: Select, release: Release, target: str) -> LoadReport:
    """Compare the engine's release graph and its own counts with the build's."""
    problems = []
    claimed = read_release(select)
    if claimed is None:
        problems.append(f"no release graph <{GRAPH_RELEASE}> in the engine")
    elif claimed.content_hash != release.content_hash:
        problems.append(f"the engine claims release {claimed.content_hash[:12]}")
    elif claimed.loaded != release.loaded:
        problems += ["release graph: " + d for d in differences(release.loaded, claimed.loaded)]
    found = count_graphs(select, tuple(sorted(release.loaded)))
    problems += differences(release.loaded, found)
    return LoadReport(target, release, found, problems)


# ---- the Graph Store Protocol ------------------------------------------------------------------


def load_by_gsp(
    store: Store, release: Release, url: str, select: Select, progress: Progress
) -> None:
    previous = read_release(select)
    with requests.Session() as session:
        _send(session, "DELETE", url, GRAPH_RELEASE)  # no release is claimed while loading
        for graph, count in sorted(release.counts.items()):
            progress(f"PUT <{graph}> ({count} triples)")
            with tempfile.TemporaryFile() as data:
                store.dump(data, format=RdfFormat.N_TRIPLES, from_graph=NamedNode(graph))
                data.seek(0)
                _send(session, "PUT", url, graph, data)
        progress(f"PUT <{GRAPH_MERGED}> ({release.merged} triples, the merge of them all)")
        with tempfile.TemporaryFile() as data:
            store.dump(data, format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
            data.seek(0)
            _send(session, "PUT", url, GRAPH_MERGED, data)
        for graph in sorted(set(previous.counts if previous else ()) - set(release.counts)):
            progress(f"DELETE <{graph}>, which the new release no longer has")
            _send(session, "DELETE", url, graph)
        description = serialize(release_triples(release), format=RdfFormat.N_TRIPLES) or b""
        _send(session, "PUT", url, GRAPH_RELEASE, io.BytesIO(description))


def _send(
    session: requests.Session, method: str, url: str, graph: str, body: IO[bytes] | None = None
) -> None:
    headers = {"Content-Type": by_name("ntriples").media_type} if body is not None else {}
    try:
        response = session.request(
            method,
            url,
            params={"graph": graph},
            data=body,
            headers=headers,
            timeout=(CONNECT_TIMEOUT, None),  # a large graph may take long to load
        )
    except requests.RequestException as error:
        raise LoadError(f"cannot reach the Graph Store at {url}: {error}") from None
    allowed = {200, 201, 204} | ({404} if method == "DELETE" else set())
    if response.status_code not in allowed:
        raise LoadError(
            f"{method} <{graph}> into {url} answered {response.status_code}: "
            f"{response.text[:ERROR_TEXT]}"
        )


# ---- Oxigraph's bulk loader ---------------------------------------------------------------------


def load_by_oxigraph(store: Store, release: Release, location: Path, progress: Progress) -> None:
    if location.exists() and any(location.iterdir()):
        raise LoadError(
            f"{location} is not empty: --via oxigraph-load writes a new store (its bulk loader "
            "only adds), which `oxigraph serve-read-only --location` then serves"
        )
    program = _oxigraph_program()
    with tempfile.TemporaryDirectory(prefix="zhusan-load-") as folder:
        data = Path(folder) / "release.nq"
        write_release_file(store, release, data)
        progress(f"{program} load --location {location}")
        done = subprocess.run(
            [program, "load", "--location", str(location), "--file", str(data)],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise LoadError(f"oxigraph load failed ({done.returncode}): {done.stderr[-ERROR_TEXT:]}")


def write_release_file(store: Store, release: Release, path: Path) -> None:
    """Every named graph, their merge and the release graph as N-Quads, gzipped for a ``.gz``
    name. The merge is named: an engine's loader would put unnamed triples where it likes."""
    partial = path.with_name(path.name + ".partial")
    path.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("wb") as raw, ExitStack() as closing:
        sink: IO[bytes] = raw
        if path.suffix == ".gz":  # no timestamp: the same release gives the same bytes
            sink = cast(IO[bytes], closing.enter_context(gzip.GzipFile(fileobj=raw, mtime=0)))
        serialize(named_quads(store), sink, format=RdfFormat.N_QUADS)
        serialize(merged_quads(store), sink, format=RdfFormat.N_QUADS)
        serialize(release_quads(release), sink, format=RdfFormat.N_QUADS)
    partial.replace(path)  # never half a file under the final name


def merged_quads(store: Store) -> Iterator[Quad]:
    """The store's default graph (the build's merge of all graphs) as the graph GRAPH_MERGED."""
    merged = NamedNode(GRAPH_MERGED)
    for quad in store.quads_for_pattern(None, None, None, DefaultGraph()):
        yield Quad(quad.subject, quad.predicate, quad.object, merged)


def _oxigraph_program() -> str:
    found = find_program("oxigraph")
    if found is None:
        raise LoadError("the `oxigraph` command is missing: `pip install oxigraph`")
    return found


def _store_select(store: Store) -> Select:
    def select(query: str, graphs: tuple[str, ...]) -> QuerySolutions:
        default: list[NamedNode | BlankNode | DefaultGraph] = [NamedNode(g) for g in graphs]
        named: list[NamedNode | BlankNode] = [NamedNode(g) for g in graphs]
        answer = store.query(query, default_graph=default, named_graphs=named)
        assert isinstance(answer, QuerySolutions)
        return answer

    return select
