"""The inferred graph: what it must contain, and nothing an OWL RL reasoner would not infer."""

from __future__ import annotations

import owlrl
import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, serialize
from rdflib import Graph

from server.backends.querying import select
from server.core.namespaces import GRAPH_INFERRED, ID, SCHEMA, ZH
from server.store.export import union_triples

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def inferred(store: Store) -> set[tuple[str, str, str]]:
    quads = store.quads_for_pattern(None, None, None, NamedNode(GRAPH_INFERRED))
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}


@pytest.mark.parametrize(
    ("s", "p", "o"),
    [
        (ID + "operation/zhusan/phase/2", RDF_TYPE, SCHEMA + "Event"),  # zh:Phase ⊑ schema:Event
        (ID + "operation/zhusan", SCHEMA + "subEvent", ID + "operation/zhusan/2019"),  # inverse
        (ID + "place/aktau", ZH + "near", ID + "place/aktau-rehabilitation-camps"),  # symmetric
        (ID + "operation/zhusan/phase/5", SCHEMA + "contributor", ID + "org/knb"),  # subproperty
    ],
)
def test_inferred_graph_holds_the_expected_consequence(
    store: Store, s: str, p: str, o: str
) -> None:
    assert (f"<{s}>", f"<{p}>", f"<{o}>") in inferred(store)


def test_inferred_triples_are_not_asserted_elsewhere(store: Store) -> None:
    rows = select(
        store,
        """
        SELECT (COUNT(*) AS ?n) WHERE {
          GRAPH zhg:inferred { ?s ?p ?o }
          GRAPH ?g { ?s ?p ?o } FILTER(?g != zhg:inferred)
        }""",
    )
    assert rows[0]["n"].value == "0"


def test_without_inference_the_consequences_are_absent(store: Store) -> None:
    ask = "SELECT ?x WHERE { phase:2 a schema:Event }"
    assert select(store, ask) and not select(store, ask, inference=False)


def test_every_inferred_triple_follows_under_owl_rl(store: Store) -> None:
    asserted = Graph()
    triples = union_triples(store)
    ours = inferred(store)
    asserted_only = [
        t for t in triples if (str(t.subject), str(t.predicate), str(t.object)) not in ours
    ]
    asserted.parse(data=serialize(asserted_only, format=RdfFormat.N_TRIPLES), format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(asserted)
    closure = {(s.n3(), p.n3(), o.n3()) for s, p, o in asserted}
    assert ours and ours <= closure, sorted(ours - closure)[:5]
