"""The rows the page index is read from: six fixed queries over the whole graph and the
records they fill (claims, counts, evidence spans, source documents, positions, remarks).
Only `labels.py` reads them; nothing here knows a language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.core.namespaces import source_key

LITERALS_QUERY = """
SELECT DISTINCT ?x ?p ?l WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel dcterms:title schema:description
              skos:definition zh:gist }
  ?x ?p ?l . FILTER(isIRI(?x) && isLiteral(?l))
}"""

TYPES_QUERY = """
SELECT DISTINCT ?x ?t WHERE { GRAPH ?g { ?x a ?t } FILTER(?g != zhg:inferred && isIRI(?x)) }"""

CLAIMS_QUERY = """
SELECT ?claim ?s ?p ?o ?evidence ?qualifier WHERE {
  ?claim a zh:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?claim prov:wasDerivedFrom ?evidence }
  OPTIONAL { ?claim zh:dateQualifier ?qualifier }
}"""

COUNTS_QUERY = """
SELECT ?count ?scope ?category ?value ?min ?evidence WHERE {
  ?count a zh:Count ; schema:observationAbout ?scope ; zh:category ?category .
  OPTIONAL { ?count schema:value ?value }
  OPTIONAL { ?count zh:moreThan ?min }
  OPTIONAL { ?count prov:wasDerivedFrom ?evidence }
}"""

EVIDENCE_QUERY = """
SELECT ?evidence ?source ?paragraph ?start ?end WHERE {
  ?evidence a zh:Evidence ; oa:hasSource ?source .
  OPTIONAL { ?evidence zh:paragraph ?paragraph }
  OPTIONAL { ?evidence oa:hasSelector ?selector . ?selector oa:start ?start ; oa:end ?end }
}"""

SOURCES_QUERY = """
SELECT ?source ?identifier ?language ?sha256 ?unknown WHERE {
  ?source a zh:SourceDocument .
  OPTIONAL { ?source dcterms:identifier ?identifier }
  OPTIONAL { ?source dcterms:language ?language }
  OPTIONAL { ?source spdx:checksum ?checksum .
             ?checksum spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                       spdx:checksumValue ?sha256 }
  OPTIONAL { ?source zh:unknownValueFor ?unknown }
}"""

ORDINALS_QUERY = "SELECT ?x ?n WHERE { ?x zh:ordinal ?n FILTER(isIRI(?x)) }"

INVERSES_QUERY = "SELECT ?p ?q WHERE { ?p owl:inverseOf ?q FILTER(isIRI(?p) && isIRI(?q)) }"

POSITIONS_QUERY = """
SELECT ?x ?member ?role ?organization ?at ?evidence WHERE {
  ?x a zh:PositionHeld ; org:member ?member .
  OPTIONAL { ?x prov:wasDerivedFrom ?evidence }
  OPTIONAL { ?x org:role ?role }
  OPTIONAL { ?x org:organization ?organization }
  OPTIONAL { ?x zh:attestedAt ?at }
}"""

REMARKS_QUERY = """
SELECT ?x ?speaker ?event ?about ?evidence WHERE {
  VALUES ?kind { zh:Remark zh:Communique }
  ?x a ?kind .
  OPTIONAL { ?x prov:wasDerivedFrom ?evidence }
  OPTIONAL { ?x schema:about ?about }
  OPTIONAL { ?x prov:wasAttributedTo ?speaker }
  OPTIONAL { ?x zh:madeAt ?event }
}"""

# The order figures are listed in: a total first, then its parts.
CATEGORY_ORDER = ("persons", "men", "women", "children", "orphans")


@dataclass
class Claim:
    iri: str
    subject: str
    predicate: str
    object: Any  # a pyoxigraph term
    evidence: list[str] = field(default_factory=list)
    qualifier: str | None = None


@dataclass
class Count:
    iri: str
    scope: str
    category: str
    value: int
    more_than: bool
    evidence: list[str] = field(default_factory=list)

    @property
    def category_key(self) -> str:
        return self.category.rstrip("/").rsplit("/", 1)[-1]

    def sort_key(self) -> tuple[int, str]:
        key = self.category_key
        return (CATEGORY_ORDER.index(key) if key in CATEGORY_ORDER else 99, key)


@dataclass(frozen=True)
class Span:
    iri: str
    source: str
    paragraph: int | None
    start: int | None
    end: int | None


@dataclass
class Source:
    iri: str
    identifier: str | None = None
    language: str | None = None
    sha256: str | None = None
    unknown: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return source_key(self.iri)


@dataclass
class Position:
    """A position held (org:Membership): who, which role, in which organisation, attested where."""

    iri: str
    member: str
    role: str | None = None
    organization: str | None = None
    attested_at: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class Remark:
    """A remark or a communiqué: who said it and at which event (its gist is a literal)."""

    iri: str
    speaker: str | None = None
    event: str | None = None
    about: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
