"""The inferred graph: RDFS and a few OWL RL consequences, computed inside Oxigraph.

The rules are SPARQL CONSTRUCT queries run to a fixpoint over the union of the asserted
graphs. Only triples that no graph asserts are written, into their own named graph, so a user
can query with or without inference. Rules in SPARQL rather than a Python reasoner (owlrl)
because they run in the native engine: the benchmark builds a million triples this way
(bench/), and tests/store/test_inference.py checks the result against owlrl on the real graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyoxigraph import NamedNode, Quad, QueryTriples, Store

from server.core.namespaces import GRAPH_INFERRED

RULES: dict[str, str] = {
    "subclass closure": """
        CONSTRUCT { ?c rdfs:subClassOf ?d }
        WHERE { ?c rdfs:subClassOf/rdfs:subClassOf+ ?d FILTER(?c != ?d) }""",
    "subproperty closure": """
        CONSTRUCT { ?p rdfs:subPropertyOf ?q }
        WHERE { ?p rdfs:subPropertyOf/rdfs:subPropertyOf+ ?q FILTER(?p != ?q) }""",
    "type inheritance": """
        CONSTRUCT { ?x a ?d }
        WHERE { ?x a ?c . ?c rdfs:subClassOf+ ?d }""",
    "property inheritance": """
        CONSTRUCT { ?s ?q ?o }
        WHERE { ?p rdfs:subPropertyOf+ ?q . ?s ?p ?o }""",
    "domain": """
        CONSTRUCT { ?s a ?c }
        WHERE { ?p rdfs:domain ?c . ?s ?p ?o }""",
    "range": """
        CONSTRUCT { ?o a ?c }
        WHERE { ?p rdfs:range ?c . ?s ?p ?o FILTER(isIRI(?o)) }""",
    "inverse": """
        CONSTRUCT { ?o ?q ?s }
        WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }
                ?s ?p ?o FILTER(!isLiteral(?o)) }""",
    "symmetry": """
        CONSTRUCT { ?o ?p ?s }
        WHERE { ?p a owl:SymmetricProperty . ?s ?p ?o FILTER(!isLiteral(?o)) }""",
    "transitivity": """
        CONSTRUCT { ?a ?p ?c }
        WHERE { ?p a owl:TransitiveProperty . ?a ?p ?b . ?b ?p ?c FILTER(?a != ?c) }""",
}

_PREFIXES = {
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def infer(store: Store, progress: Callable[[str], None] = lambda _: None) -> int:
    """Write the consequences of ``RULES`` into the inferred graph; return how many."""
    graph = NamedNode(GRAPH_INFERRED)
    total = 0
    for round_number in range(1, 50):
        added = 0
        for name, rule in RULES.items():
            triples = store.query(rule, prefixes=_PREFIXES, use_default_graph_as_union=True)
            assert isinstance(triples, QueryTriples)
            new = {
                Quad(t.subject, t.predicate, t.object, graph)
                for t in triples
                if not _asserted_anywhere(store, t.subject, t.predicate, t.object)
            }
            if new:
                store.bulk_extend(new)  # a staging store nobody reads yet: no transaction
                added += len(new)
                progress(f"inference round {round_number}: {name} +{len(new)}")
        total += added
        if not added:
            return total
    raise RuntimeError("inference did not reach a fixpoint in 50 rounds")


def _asserted_anywhere(store: Store, subject: Any, predicate: Any, obj: Any) -> bool:
    return next(store.quads_for_pattern(subject, predicate, obj, None), None) is not None
