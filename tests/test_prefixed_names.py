"""Every IRI of the built store under the project's base can be written as a prefixed name with
a predeclared prefix and no escaping, and reads back as the same IRI."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode, QuerySolutions, Store

from server.core.namespaces import BASE, PREFIXES, sparql_prologue

# SPARQL 1.1's PN_LOCAL without its escapes (PLX): what a local part may hold unescaped.
PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
PN_CHARS = PN_CHARS_BASE + "_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040"
PN_LOCAL = re.compile(rf"^[{PN_CHARS_BASE}_:0-9](?:[{PN_CHARS}.:]*[{PN_CHARS}:])?$")

ALL_IRIS = """
SELECT DISTINCT ?iri WHERE {
  { GRAPH ?iri { ?s ?p ?o } }
  UNION { GRAPH ?g { ?iri ?p ?o } } UNION { GRAPH ?g { ?s ?iri ?o } }
  UNION { GRAPH ?g { ?s ?p ?iri } }
  FILTER(isIRI(?iri))
}"""


def prefixed_name(iri: str) -> str | None:
    """The shortest prefixed name of ``iri`` whose local part needs no escaping, if any."""
    names = [
        f"{prefix}:{iri[len(namespace) :]}"
        for prefix, namespace in PREFIXES.items()
        if iri.startswith(namespace) and (iri == namespace or PN_LOCAL.match(iri[len(namespace) :]))
    ]
    return min(names, key=len, default=None)


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
