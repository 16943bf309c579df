"""One graph written as a document that generic RDF and JSON-LD consumers read as a graph:
each triple once, in the default graph, subjects grouped, and only the predeclared prefixes the
document uses. JSON-LD is compacted by pyld against a `@context` of those prefixes.

Used for every document about a thing, the ontology, a graph of the Graph Store Protocol and
the descriptions of the service and the dataset. The dumps keep their own layout (`export`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple, serialize

from server.core.formats import Format
from server.core.namespaces import PREFIXES

# The formats whose syntax names graphs: their documents keep the provenance by graph.
GRAPH_NAMING = frozenset({"trig", "nquads"})
# The formats that have no prefixes at all.
NO_PREFIXES = frozenset({"ntriples", "nquads"})
_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
# Datatypes no syntax writes: a plain string's and a language-tagged string's.
_UNWRITTEN_DATATYPES = frozenset(
    {
        "http://www.w3.org/2001/XMLSchema#string",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    }
)


def keeps_graphs(fmt: Format) -> bool:
    """Whether a document in ``fmt`` can say which graph states each triple."""
    return fmt.name in GRAPH_NAMING


def graph_document(triples: Iterable[Triple], fmt: Format) -> bytes:
    """``triples`` as one graph in ``fmt``: the same bytes for the same triples."""
    assert fmt.rdf is not None, f"{fmt.name} is not an RDF format"
    # Sorted by subject, so that Turtle states each subject once, with all its predicates.
    ordered = sorted(set(triples), key=_triple_order)
    if fmt.name == "jsonld":
        return compacted_jsonld(ordered)
    if fmt.rdf.supports_datasets:  # TriG, N-Quads: the triples in their default graph
        return _with_used_prefixes(
            [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in ordered], fmt
        )
    return _with_used_prefixes(ordered, fmt)


def dataset_document(quads: list[Quad], fmt: Format) -> bytes:
    """``quads`` with their graph names, in a format that can name graphs (TriG, N-Quads)."""
    assert keeps_graphs(fmt), f"{fmt.name} cannot name graphs"
    return _with_used_prefixes(quads, fmt)


def candidate_prefixes(statements: Iterable[Triple | Quad]) -> dict[str, str]:
    """The predeclared prefixes the statements' IRIs fall under, in the documented order.

    Each IRI counts for its longest namespace only, the one a serializer abbreviates it with.
    """
    iris = {iri for statement in statements for iri in _iris(statement)}
    used = {_longest_prefix(iri) for iri in iris}
    return {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix in used}


def _with_used_prefixes(statements: list[Triple] | list[Quad], fmt: Format) -> bytes:
    assert fmt.rdf is not None
    if fmt.name in NO_PREFIXES:
        return serialize(statements, format=fmt.rdf) or b""
    offered = candidate_prefixes(statements)
    body = serialize(statements, format=fmt.rdf, prefixes=offered) or b""
    # The serializer knows which IRIs it abbreviated (`a` for rdf:type, `5` for an integer):
    # ask its output, then write again with only those prefixes. A prefixed name inside a
    # literal can keep a prefix declared, never drop one that is used.
    written = b"\n".join(line for line in body.splitlines() if not line.startswith(b"@prefix "))
    used = {
        prefix: namespace
        for prefix, namespace in offered.items()
        if re.search(rb"(?:^|[\s(\[</]|\^\^)" + re.escape(prefix.encode()) + b":", written, re.M)
    }
    if used == offered:
        return body
    return serialize(statements, format=fmt.rdf, prefixes=used) or b""


def compacted_jsonld(triples: list[Triple]) -> bytes:
    """JSON-LD compacted against the prefixes the triples use (default graph only)."""
    # Imported here: pyld brings requests and urllib3 (25 MiB), which every other process
    # (gunicorn's arbiter, the query processes, a worker that never writes JSON-LD) can spare.
    from pyld import jsonld

    context = candidate_prefixes(triples)
    # pyld reads its own dataset structure directly: its N-Quads reader is quadratic.
    expanded = jsonld.from_rdf({"@default": [_pyld_triple(t) for t in triples]})
    # from_rdf gives expanded JSON-LD already: expanding it again would only cost time.
    compacted = jsonld.compact(expanded, {"@context": context}, {"skipExpansion": True})
    compacted["@context"] = _referenced(context, compacted)
    if not compacted["@context"]:
        del compacted["@context"]
    return json.dumps(compacted, ensure_ascii=False, indent=2).encode()


def _referenced(context: dict[str, str], document: Any) -> dict[str, str]:
    """The context's prefixes that the compacted document writes (pyld picks the shortest)."""
    strings: set[str] = set()
    _collect_strings(document, strings)
    heads = {text.split(":", 1)[0] for text in strings}
    return {prefix: namespace for prefix, namespace in context.items() if prefix in heads}


def _collect_strings(node: Any, into: set[str]) -> None:
    if isinstance(node, str):
        into.add(node)
    elif isinstance(node, list):
        for item in node:
            _collect_strings(item, into)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "@context":
                into.add(key)
                _collect_strings(value, into)


def _pyld_triple(triple: Triple) -> dict[str, dict[str, str]]:
    return {
        "subject": _pyld_term(triple.subject),
        "predicate": _pyld_term(triple.predicate),
        "object": _pyld_term(triple.object),
    }


def _pyld_term(term: object) -> dict[str, str]:
    """A pyoxigraph term in the shape pyld's RDF dataset has (as its own reader makes it)."""
    if isinstance(term, NamedNode):
        return {"type": "IRI", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "blank node", "value": "_:" + term.value}
    if isinstance(term, Literal):
        shape = {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        if term.language:
            shape["language"] = term.language
        return shape
    raise TypeError(f"JSON-LD documents hold no {type(term).__name__}: {term}")


def _iris(statement: Triple | Quad) -> Iterable[str]:
    terms: list[object] = [statement.subject, statement.predicate, statement.object]
    if isinstance(statement, Quad):
        terms.append(statement.graph_name)
    for term in terms:
        if isinstance(term, NamedNode):
            yield term.value
        elif isinstance(term, Literal) and term.datatype.value not in _UNWRITTEN_DATATYPES:
            yield term.datatype.value


def _longest_prefix(iri: str) -> str | None:  # None: no predeclared namespace
    return next((p for p, ns in _LONGEST_FIRST if iri.startswith(ns) and iri != ns), None)


def _triple_order(triple: Triple) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))
