"""Every IRI of the built store under the project's base can be written as a prefixed name with
a predeclared prefix and no escaping, and reads back as the same IRI."""

from __future__ import annotations

from pyoxigraph import NamedNode, QuerySolutions, Store

from server.core.namespaces import BASE, PN_LOCAL, curie, sparql_prologue

ALL_IRIS = """
SELECT DISTINCT ?iri WHERE {
  { GRAPH ?iri { ?s ?p ?o } }
  UNION { GRAPH ?g { ?iri ?p ?o } } UNION { GRAPH ?g { ?s ?iri ?o } }
  UNION { GRAPH ?g { ?s ?p ?iri } }
  FILTER(isIRI(?iri))
}"""


def prefixed_name(iri: str) -> str | None:
    """The shortest unescaped prefixed name of ``iri`` (the pages' `curie`), if any."""
    name = curie(iri)
    return None if name == iri else name


def test_local_part_rule_rejects_what_sparql_rejects() -> None:
    assert PN_LOCAL.match("106-176")
    assert PN_LOCAL.match("zhusan")
    assert not PN_LOCAL.match("zhusan/2019")
    assert not PN_LOCAL.match("106-176#selector")
    assert not PN_LOCAL.match("early.")


def test_every_iri_of_the_store_has_a_predeclared_prefixed_name(store: Store) -> None:
    answer = store.query(ALL_IRIS)
    assert isinstance(answer, QuerySolutions)
    own = sorted({row["iri"].value for row in answer if row["iri"].value.startswith(BASE)})
    assert len(own) > 300
    # A hash IRI names a part of the resource before the "#" (a selector, a checksum): "#" has
    # no unescaped form in a prefixed name, so the resource it belongs to is what must have one.
    unwritable = [iri for iri in own if prefixed_name(iri.split("#", 1)[0]) is None]
    assert unwritable == []
    # Each name parses back, with the predeclared prefixes only, to the IRI it was made from.
    for iri in own:
        resource = iri.split("#", 1)[0]
        name = prefixed_name(resource)
        parsed = store.query(f"{sparql_prologue()}SELECT ?x WHERE {{ BIND({name} AS ?x) }}")
        assert isinstance(parsed, QuerySolutions)
        assert [row["x"] for row in parsed] == [NamedNode(resource)], name
