"""The ontology's documentation, read from the ontology graph: its metadata, every own class
and property with labels and definitions in the four languages, domains, ranges and parents,
the reused terms, and the SKOS concept schemes with their concepts — as pyLODE or WIDOCO
document an ontology, but with the four languages side by side.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, QuerySolutions

from server.core.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, PREFIXES, RDF, RDFS, SKOS, ZH

ONTOLOGY_GRAPH_QUERY = "SELECT ?s ?p ?o WHERE { GRAPH zhg:ontology { ?s ?p ?o } }"

SCHEMES_QUERY = """
SELECT ?scheme ?concept ?broader WHERE {
  ?scheme a skos:ConceptScheme .
  OPTIONAL { ?concept skos:inScheme ?scheme OPTIONAL { ?concept skos:broader ?broader } }
}"""

CLASS_KINDS = {OWL + "Class", RDFS + "Class"}
PROPERTY_KINDS = {
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF + "Property",
}
CHARACTERISTICS = {
    OWL + "FunctionalProperty",
    OWL + "InverseFunctionalProperty",
    OWL + "SymmetricProperty",
    OWL + "TransitiveProperty",
}


@dataclass
class Term:
    iri: str
    labels: dict[str, str]
    definitions: dict[str, str]
    kinds: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    domain_of: list[str] = field(default_factory=list)  # own properties with this domain
    range_of: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The hash name: the anchor of the term on the page (``Phase`` for ``zh:Phase``)."""
        return self.iri[len(ZH) :] if self.iri.startswith(ZH) else self.iri


@dataclass
class Scheme:
    iri: str
    concepts: list[str]
    broader: dict[str, list[str]]


@dataclass
class OntologyDoc:
    iri: str
    metadata: dict[str, dict[str, str]]  # property → language → text
    version: str
    version_iri: str
    license: str
    classes: list[Term]
    properties: list[Term]
    reused: list[Term]
    schemes: list[Scheme]

    @property
    def namespace(self) -> str:
        return ZH

    @property
    def prefix(self) -> str:
        return next(p for p, ns in PREFIXES.items() if ns == ZH)


def _rows(backend: Any, query: str) -> QuerySolutions:
    solutions = backend.internal_query(query)
    assert isinstance(solutions, QuerySolutions)
    return solutions


def ontology_documentation(backend: Any) -> OntologyDoc:
    facts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(backend, ONTOLOGY_GRAPH_QUERY):
        if isinstance(row["s"], NamedNode):
            facts[row["s"].value][row["p"].value].append(row["o"])

    def iris(subject: str, predicate: str) -> list[str]:
        return sorted(
            o.value for o in facts[subject].get(predicate, []) if isinstance(o, NamedNode)
        )

    def by_language(subject: str, predicate: str) -> dict[str, str]:
        texts: dict[str, str] = {}
        for term in sorted(facts[subject].get(predicate, []), key=str):
            if isinstance(term, Literal):
                texts.setdefault(term.language or "", term.value)
        return texts

    own: dict[str, Term] = {}
    reused: list[Term] = []
    for subject in sorted(facts):
        kinds = set(iris(subject, RDF + "type"))
        if not kinds & (CLASS_KINDS | PROPERTY_KINDS):
            continue
        term = Term(
            subject,
            by_language(subject, RDFS + "label"),
            by_language(subject, SKOS + "definition"),
            kinds=sorted(kinds),
            parents=iris(subject, RDFS + "subClassOf") + iris(subject, RDFS + "subPropertyOf"),
            domain=iris(subject, RDFS + "domain"),
            range=iris(subject, RDFS + "range"),
        )
        if ONTOLOGY_IRI in iris(subject, RDFS + "isDefinedBy"):
            own[subject] = term
        else:
            reused.append(term)
    for term in own.values():
        for parent in term.parents:
            if parent in own:
                own[parent].children.append(term.iri)
        for target in term.domain:
            if target in own:
                own[target].domain_of.append(term.iri)
        for target in term.range:
            if target in own:
                own[target].range_of.append(term.iri)

    schemes: dict[str, Scheme] = {}
    for row in _rows(backend, SCHEMES_QUERY):
        scheme = schemes.setdefault(row["scheme"].value, Scheme(row["scheme"].value, [], {}))
        if row["concept"] is not None:
            concept = row["concept"].value
            if concept not in scheme.concepts:
                scheme.concepts.append(concept)
            if row["broader"] is not None:
                scheme.broader.setdefault(concept, []).append(row["broader"].value)

    def is_class(term: Term) -> bool:
        return bool(set(term.kinds) & CLASS_KINDS)

    return OntologyDoc(
        iri=ONTOLOGY_IRI,
        metadata={
            "title": by_language(ONTOLOGY_IRI, DCTERMS + "title"),
            "description": by_language(ONTOLOGY_IRI, DCTERMS + "description"),
            "creator": by_language(ONTOLOGY_IRI, DCTERMS + "creator"),
        },
        version=next(iter(by_language(ONTOLOGY_IRI, OWL + "versionInfo").values()), ""),
        version_iri=next(iter(iris(ONTOLOGY_IRI, OWL + "versionIRI")), ""),
        license=next(iter(iris(ONTOLOGY_IRI, DCTERMS + "license")), ""),
        classes=[t for t in own.values() if is_class(t)],
        properties=[t for t in own.values() if not is_class(t)],
        reused=sorted(reused, key=lambda t: (not is_class(t), t.iri)),
        schemes=[_sorted(schemes[iri]) for iri in sorted(schemes)],
    )


def _sorted(scheme: Scheme) -> Scheme:
    scheme.concepts.sort()
    return scheme


def characteristics(term: Term) -> list[str]:
    """OWL characteristics of a property (functional, symmetric, …), as their local names."""
    return [
        kind[len(OWL) :].removesuffix("Property") for kind in term.kinds if kind in CHARACTERISTICS
    ]
