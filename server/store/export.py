"""Writing the whole dataset, or one graph, in any RDF format pyoxigraph writes.

Dataset formats (TriG, N-Quads, JSON-LD) keep every named graph, and only those: the store's
default graph is their merge, written at build time for the SPARQL endpoint, and a second copy
of every triple would only double the files. Triple formats (Turtle, N-Triples, RDF/XML) cannot
name graphs, so they hold the merge of all graphs: the default graph a SPARQL client sees.
Output order is the store's own index order, which depends only on the content, so the same
inputs give the same bytes.

Documents served about one graph (`serialize_triples`, `graph_body`) are written by
`rdf_documents`: triples in the default graph, only the prefixes they use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from pyoxigraph import DefaultGraph, NamedNode, Quad, Store, Triple, serialize

from server.core.formats import Format
from server.core.namespaces import PREFIXES
from server.store.rdf_documents import dataset_document, graph_document, keeps_graphs


def write_dataset(
    store: Store, fmt: Format, output: IO[bytes], graph: str | None = None, *, merged: bool = False
) -> None:
    """Serialize the dataset (or the named ``graph``) to ``output`` in ``fmt``.

    ``merged``: the store's default graph holds the merge of its named graphs (a built store
    does), so a format without graphs is written from it by the engine, not deduplicated here.
    """
    assert fmt.rdf is not None, f"{fmt.name} is not an RDF format"
    if graph is not None and fmt.is_dataset:  # keep the graph's name
        quads = store.quads_for_pattern(None, None, None, NamedNode(graph))
        serialize(quads, output, format=fmt.rdf, prefixes=_prefixes(fmt))
    elif graph is not None:
        store.dump(output, format=fmt.rdf, from_graph=NamedNode(graph), prefixes=_prefixes(fmt))
    elif fmt.is_dataset:
        serialize(named_quads(store), output, format=fmt.rdf, prefixes=_prefixes(fmt))
    elif merged:
        store.dump(output, format=fmt.rdf, from_graph=DefaultGraph(), prefixes=_prefixes(fmt))
    else:
        serialize(union_triples(store), output, format=fmt.rdf, prefixes=_prefixes(fmt))


def serialize_triples(triples: Iterable[Triple], fmt: Format) -> bytes:
    """Triples as one graph, in the default graph of any RDF format (JSON-LD compacted)."""
    return graph_document(triples, fmt)


def graph_body(store: Store, graph: str | None, fmt: Format) -> bytes:
    """The named ``graph``, or the union of all (``None``), as the Graph Store Protocol reads it.

    TriG and N-Quads keep a named graph's name; every other format has it as its default graph.
    """
    if graph is None:
        return serialize_triples(union_triples(store), fmt)
    quads = list(store.quads_for_pattern(None, None, None, NamedNode(graph)))
    if keeps_graphs(fmt):
        return dataset_document(quads, fmt)
    return serialize_triples((quad.triple for quad in quads), fmt)


def named_quads(store: Store) -> Iterator[Quad]:
    """The quads of every named graph, graph by graph in name order; not the default graph."""
    for graph in sorted(store.named_graphs(), key=lambda name: name.value):
        yield from store.quads_for_pattern(None, None, None, graph)


def union_triples(store: Store) -> list[Triple]:
    """Each distinct triple of any graph once, in index order."""
    seen = dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in store)
    return list(seen)


def _prefixes(fmt: Format) -> dict[str, str] | None:
    # N-Triples and N-Quads have no prefixes; the others are easier to read with them.
    return None if fmt.name in {"ntriples", "nquads"} else dict(PREFIXES)
