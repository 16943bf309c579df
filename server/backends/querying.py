"""Running the application's own SPARQL: the CLI's `query`, the example queries' tests and the
consistency report all go through `select` / `run`, over a pyoxigraph Store or over a backend
(embedded or remote, backend.py). The public endpoint does not: its queries go through the
backend's limits (pool.py for the embedded store)."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store, serialize
from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.query import Result

from server.core.config import Config
from server.core.formats import RDF_FORMATS, RESULTS_FORMATS, by_name
from server.core.namespaces import GRAPH_INFERRED, PREFIXES
from server.store import disk as stores

if TYPE_CHECKING:
    from server.backends.interface import Backend


def run(
    store: Store | Backend,
    query: str,
    *,
    inference: bool = True,
    bindings: dict[str, Any] | None = None,
) -> QuerySolutions | QueryBoolean | QueryTriples:
    """Evaluate ``query`` with the predeclared prefixes over the merge of the graphs.

    With inference that is the store's own default graph, where the build wrote the merge of
    every graph (each triple once); without, the union of the asserted graphs only.
    ``bindings`` maps variable names to pyoxigraph terms (values are never pasted into text).
    ``store`` is a pyoxigraph Store, or a backend, which evaluates the query its own way.
    """
    from pyoxigraph import Variable

    if not isinstance(store, Store):
        return store.evaluate(query, inference=inference, bindings=bindings)

    options: dict[str, Any] = {"prefixes": PREFIXES}
    if not inference:
        options["default_graph"] = [NamedNode(g) for g in graph_names(store) if g != GRAPH_INFERRED]
    if bindings:
        options["substitutions"] = {Variable(k): v for k, v in bindings.items()}
    return store.query(query, **options)


def select(store: Store | Backend, query: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Rows of a SELECT as dicts of pyoxigraph terms (unbound variables left out)."""
    solutions = run(store, query, **kwargs)
    assert isinstance(solutions, QuerySolutions), "select() takes a SELECT query"
    names = [v.value for v in solutions.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in solutions]


def graph_names(store: Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if isinstance(g, NamedNode))


def read_query(argument: str) -> str:
    """A query given as a path to a .rq file, or as its text."""
    path = Path(argument)
    if argument.endswith(".rq") or (len(argument) < 4096 and path.is_file()):
        return path.read_text(encoding="utf-8")
    return argument


def run_cli_query(args: argparse.Namespace, config: Config) -> int:
    """`zhusan-kg query`: a table on a terminal, or any results/RDF format."""
    stores.build(config)
    store = stores.open_read_only(stores.current_store(config))
    try:
        result = run(store, read_query(args.query), inference=not args.no_inference)
    except SyntaxError as error:
        print(f"zhusan-kg: malformed query: {error}", file=sys.stderr)
        return 2
    body = _render(result, args.format)
    if args.output:
        Path(args.output).write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
    return 0


def _render(result: QuerySolutions | QueryBoolean | QueryTriples, name: str | None) -> bytes:
    if isinstance(result, QueryTriples):
        fmt = by_name(name or "turtle", RDF_FORMATS)
        assert fmt.rdf is not None
        return serialize(result, format=fmt.rdf, prefixes=PREFIXES) or b""
    if name:
        fmt = by_name(name, RESULTS_FORMATS)
        return result.serialize(format=fmt.results) or b""
    if isinstance(result, QueryBoolean):
        return b"true\n" if bool(result) else b"false\n"
    # A terminal table: rdflib's own text serializer, fed from the standard JSON results.
    json_results = result.serialize(format=by_name("json").results) or b""
    table = Result.parse(io.BytesIO(json_results), format="json")
    return table.serialize(format="txt", namespace_manager=_namespaces()) or b""


def _namespaces() -> NamespaceManager:
    """Short names in terminal tables, from the predeclared prefixes."""
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
    return manager
