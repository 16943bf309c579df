"""What every page needs to name and explain a resource, read once per store version.

Six fixed queries fetch the names (labels, alternative labels, titles, descriptions), types,
claims, counts, evidence spans and source documents of the whole graph — a few thousand rows
— into one `PageIndex`, kept per application and store version. A name is looked for in the
chosen language (the graph's label, else the interface's name of a reused term such as
schema:startDate), then en → ru → fr → kk, then a name made from the resource's facts (a count,
an evidence span, a claim), and last the IRI's last segment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask_babel import force_locale, gettext
from pyoxigraph import Literal, NamedNode, QuerySolutions

from server.core.namespaces import DCTERMS, RDFS, SCHEMA, SKOS, source_key
from server.core.state import app_state
from server.i18n import LANGUAGES, fallback_chain, more_than
from server.pages.reused_terms import term_name

T = TypeVar("T")

LABEL = RDFS + "label"
PREF_LABEL = SKOS + "prefLabel"
ALT_LABEL = SKOS + "altLabel"
TITLE = DCTERMS + "title"
DESCRIPTION = SCHEMA + "description"
DEFINITION = SKOS + "definition"
NAME_PROPERTIES = (LABEL, PREF_LABEL, TITLE)
DESCRIPTION_PROPERTIES = (DESCRIPTION, DEFINITION)

LITERALS_QUERY = """
SELECT DISTINCT ?x ?p ?l WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel dcterms:title schema:description
              skos:definition }
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


def source_name(source: str) -> str:
    """How the pages name a source document: ``source 000`` in the reader's language."""
    return gettext("source %(key)s", key=source_key(source))


def cached(name: str, build: Callable[[], T]) -> T:
    """``build()`` once per application and store version."""
    state = app_state()
    cache = state.page_cache
    key = (name, state.backend.version)
    if key not in cache:
        cache[key] = build()
    return cache[key]  # type: ignore[no-any-return]


def page_index() -> PageIndex:
    backend = app_state().backend
    return cached("index", lambda: PageIndex.read(backend))


def _rows(backend: Any, query: str) -> QuerySolutions:
    solutions = backend.internal_query(query)
    assert isinstance(solutions, QuerySolutions)
    return solutions


def _int(term: Any) -> int | None:
    return int(term.value) if isinstance(term, Literal) else None


class PageIndex:
    def __init__(self) -> None:
        # iri → property → [(text, language)]
        self.literals: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.types: dict[str, list[str]] = defaultdict(list)
        self.claims: dict[str, Claim] = {}
        self.counts: dict[str, Count] = {}
        self.spans: dict[str, Span] = {}
        self.sources: dict[str, Source] = {}
        self._by_triple: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)

    @classmethod
    def read(cls, backend: Any) -> PageIndex:
        index = cls()
        for row in _rows(backend, LITERALS_QUERY):
            index.literals[row["x"].value][row["p"].value].append(
                (row["l"].value, row["l"].language or "")
            )
        for values in index.literals.values():
            for texts in values.values():
                texts.sort()
        for row in _rows(backend, TYPES_QUERY):
            index.types[row["x"].value].append(row["t"].value)
        for row in _rows(backend, CLAIMS_QUERY):
            claim = index.claims.setdefault(
                row["claim"].value,
                Claim(row["claim"].value, row["s"].value, row["p"].value, row["o"]),
            )
            if row["evidence"] is not None and row["evidence"].value not in claim.evidence:
                claim.evidence.append(row["evidence"].value)
            if row["qualifier"] is not None:
                claim.qualifier = row["qualifier"].value
        for row in _rows(backend, COUNTS_QUERY):
            bound = row["value"] if row["value"] is not None else row["min"]
            if bound is None:
                continue
            count = index.counts.setdefault(
                row["count"].value,
                Count(
                    row["count"].value,
                    row["scope"].value,
                    row["category"].value,
                    int(bound.value),
                    row["value"] is None,
                ),
            )
            if row["evidence"] is not None and row["evidence"].value not in count.evidence:
                count.evidence.append(row["evidence"].value)
        for row in _rows(backend, EVIDENCE_QUERY):
            index.spans[row["evidence"].value] = Span(
                row["evidence"].value,
                row["source"].value,
                _int(row["paragraph"]),
                _int(row["start"]),
                _int(row["end"]),
            )
        for row in _rows(backend, SOURCES_QUERY):
            source = index.sources.setdefault(row["source"].value, Source(row["source"].value))
            for name in ("identifier", "language", "sha256"):
                if row[name] is not None:
                    setattr(source, name, row[name].value)
            if row["unknown"] is not None and row["unknown"].value not in source.unknown:
                source.unknown.append(row["unknown"].value)
        for claim in index.claims.values():
            claim.evidence.sort(key=index.span_order)
        for count in index.counts.values():
            count.evidence.sort(key=index.span_order)
        for claim in index.claims.values():
            index._by_triple[(claim.subject, claim.predicate, str(claim.object))].append(claim)
        return index

    # ---- names ---------------------------------------------------------------------------

    def text_in(self, iri: str, properties: tuple[str, ...], lang: str) -> tuple[str, str] | None:
        """The first of ``properties`` in the language chain, with its language."""
        values = self.literals.get(iri, {})
        for code in (*fallback_chain(lang), ""):
            for prop in properties:
                for text, text_lang in values.get(prop, ()):
                    if text_lang == code:
                        return text, text_lang
            if code == lang and (name := term_name(iri, lang)):
                return name, lang
        return None

    def label_with_language(self, iri: str, lang: str) -> tuple[str, str]:
        """A resource's name and the language it is in (for the element's ``lang``)."""
        found = self.text_in(iri, NAME_PROPERTIES, lang)
        if found:
            return found
        made = self._made_name(iri, lang)
        if made:
            return made, lang
        return last_segment(iri), ""

    def label(self, iri: str, lang: str) -> str:
        return self.label_with_language(iri, lang)[0]

    def description(self, iri: str, lang: str) -> tuple[str, str] | None:
        return self.text_in(iri, DESCRIPTION_PROPERTIES, lang)

    def in_languages(self, iri: str) -> list[dict[str, Any]]:
        """Label, description and other names in each language, as Wikidata's box shows them."""
        values = self.literals.get(iri, {})
        rows = []
        for code in LANGUAGES:
            label = next(
                (t for p in NAME_PROPERTIES for t, c in values.get(p, ()) if c == code), ""
            )
            description = next(
                (t for p in DESCRIPTION_PROPERTIES for t, c in values.get(p, ()) if c == code), ""
            )
            alternatives = [t for t, c in values.get(ALT_LABEL, ()) if c == code]
            rows.append(
                {"lang": code, "label": label, "description": description, "alt": alternatives}
            )
        return rows

    def _made_name(self, iri: str, lang: str) -> str | None:
        """A name made from the facts of a resource that has no label of its own."""
        if iri in self.counts:
            count = self.counts[iri]
            figure = self.figure_text(count, lang)
            return f"{self.label(count.scope, lang)} — {self.label(count.category, lang)}: {figure}"
        if iri in self.spans:
            span = self.spans[iri]
            with force_locale(lang):
                where = source_name(span.source)
            if span.paragraph is not None:
                where += f", ¶ {span.paragraph}"
            if span.start is not None:
                where += f", {span.start}–{span.end}"
            return where
        if iri in self.claims:
            claim = self.claims[iri]
            value = (
                self.label(claim.object.value, lang)
                if isinstance(claim.object, NamedNode)
                else claim.object.value
            )
            subject, predicate = self.label(claim.subject, lang), self.label(claim.predicate, lang)
            return f"{subject} — {predicate} — {value}"
        base, hash_mark, fragment = iri.partition("#")
        if hash_mark and base in self.literals:
            return f"{self.label(base, lang)} #{fragment}"
        return None

    def figure_text(self, count: Count, lang: str) -> str:
        return more_than(count.value, lang) if count.more_than else str(count.value)

    # ---- facts ---------------------------------------------------------------------------

    def claims_for(self, subject: str, predicate: str, obj: Any) -> list[Claim]:
        return self._by_triple.get((subject, predicate, str(obj)), [])

    def claims_about(self, subject: str) -> list[Claim]:
        return [c for c in self.claims.values() if c.subject == subject]

    def counts_about(self, scope: str) -> list[Count]:
        found = [c for c in self.counts.values() if c.scope == scope]
        return sorted(found, key=lambda c: (self.source_of(c.evidence), c.sort_key()))

    def source_of(self, evidence: list[str]) -> str:
        """The source document of the first evidence span (one fact, one source graph)."""
        for iri in evidence:
            if iri in self.spans:
                return self.spans[iri].source
        return ""

    def span_order(self, iri: str) -> tuple[str, int, int]:
        span = self.spans.get(iri)
        if span is None:
            return ("", 0, 0)
        return (span.source, span.start or 0, span.end or 0)


def last_segment(iri: str) -> str:
    """The IRI's last path segment or fragment: the name of last resort."""
    trimmed = iri.rstrip("/#")
    for separator in ("#", "/"):
        if separator in trimmed:
            trimmed = trimmed.rsplit(separator, 1)[-1]
            break
    return trimmed or iri
