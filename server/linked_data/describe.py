"""What the graph says about one resource: the description served when its IRI is
dereferenced, and the data behind its page.

A description holds the resource's outgoing and incoming triples (in every graph, with the
graph named), the triples of its hash-IRI parts (a source's checksum, an evidence's selector),
and every fact about it — counts, claims, positions, remarks — with their evidence spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad, QuerySolutions, Triple

DESCRIPTION_QUERY = """
SELECT DISTINCT ?this ?s ?p ?o ?g WHERE {
  {
    GRAPH ?g { ?this ?p ?o } BIND(?this AS ?s)
  } UNION {
    GRAPH ?g { ?s ?p ?this } BIND(?this AS ?o)
  } UNION {
    ?this ?link ?s .
    FILTER(isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR(?this), "#")))
    GRAPH ?g { ?s ?p ?o }
  } UNION {
    ?s ?about ?this .
    VALUES ?kind { zh:Claim zh:Count zh:Remark zh:Communique zh:PositionHeld }
    ?s a ?kind .
    GRAPH ?g { ?s ?p ?o }
  } UNION {
    ?fact ?about ?this ; prov:wasDerivedFrom ?s .
    VALUES ?kind { zh:Claim zh:Count zh:Remark zh:Communique zh:PositionHeld }
    ?fact a ?kind .
    GRAPH ?g { ?s ?p ?o }
  } UNION {
    ?fact ?about ?this ; prov:wasDerivedFrom/oa:hasSelector ?s .
    VALUES ?kind { zh:Claim zh:Count zh:Remark zh:Communique zh:PositionHeld }
    ?fact a ?kind .
    GRAPH ?g { ?s ?p ?o }
  }
}"""


@dataclass(frozen=True)
class Description:
    iri: str
    quads: list[Quad]

    @property
    def exists(self) -> bool:
        return bool(self.quads)

    def triples(self) -> list[Triple]:
        """Each triple once, whatever graphs state it."""
        return list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in self.quads))


def describe(backend: object, iri: str) -> Description:
    """The description of ``iri`` (a canonical IRI) from the backend's own query path."""
    solutions = backend.internal_query(DESCRIPTION_QUERY, this=NamedNode(iri))  # type: ignore[attr-defined]
    assert isinstance(solutions, QuerySolutions)
    quads = [Quad(row["s"], row["p"], row["o"], row["g"]) for row in solutions]
    return Description(iri, sorted(quads, key=_order))


def _order(quad: Quad) -> tuple[str, str, str, str]:
    # Stable output: the same store gives the same bytes for the same resource.
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))
