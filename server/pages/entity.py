"""The entity page's content, made from a resource's description: what it is, every statement
with its evidence, its figures, remarks and positions, where the sources disagree about it, and
what links to it. Templates only lay this out; nothing here is HTML.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask_babel import force_locale, gettext
from pyoxigraph import Literal, NamedNode

from server.core.iris import local_url
from server.core.namespaces import (
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    GRAPH_SOURCE,
    OA,
    PREFIXES,
    PROV,
    RDF,
    SCHEMA,
    XSD,
    ZH,
    curie,
    source_key,
)
from server.i18n import fallback_chain
from server.linked_data.describe import Description
from server.pages.entity_parts import (
    Disagreement,
    EntityView,
    Fact,
    Figure,
    Incoming,
    Link,
    Side,
    Statement,
    Value,
)
from server.pages.evidence import EvidenceView, evidence_view
from server.pages.labels import (
    ALT_LABEL,
    DEFINITION,
    DESCRIPTION,
    LABEL,
    PREF_LABEL,
    PageIndex,
)

ORG = PREFIXES["org"]

TYPE = RDF + "type"
DERIVED_FROM = PROV + "wasDerivedFrom"
SHOWN_ELSEWHERE = {TYPE, LABEL, PREF_LABEL, ALT_LABEL, DESCRIPTION, DEFINITION}
# Incoming links that the page shows in its own sections, or that only restate a claim.
INCOMING_HIDDEN = {RDF + "subject", RDF + "object", SCHEMA + "observationAbout"}
SINGLE_VALUED = (SCHEMA + "startDate", SCHEMA + "endDate", ZH + "ordinal")
FIRST = (*SINGLE_VALUED, SCHEMA + "superEvent", SCHEMA + "subEvent", SCHEMA + "location")
LAST = (SCHEMA + "sameAs", DERIVED_FROM)
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long")}
REMARKS = {ZH + "Remark", ZH + "Communique"}
POSITIONS = {ZH + "PositionHeld"}


def make_link(index: PageIndex, iri: str, lang: str) -> Link:
    text, text_lang = index.label_with_language(iri, lang)
    return Link(iri, text, text_lang, local_url(iri))


def term_value(index: PageIndex, term: Any, lang: str) -> Value:
    """An IRI as a named link, a literal as its text with its language and datatype."""
    if isinstance(term, NamedNode):
        link = make_link(index, term.value, lang)
        return Value(link.text, link.lang, link=link)
    if isinstance(term, Literal):
        datatype = term.datatype.value if term.datatype else ""
        numeric = datatype in NUMERIC
        shown = (
            "" if numeric or datatype in (XSD + "string", RDF + "langString") else curie(datatype)
        )
        return Value(term.value, term.language or "", datatype=shown, numeric=numeric)
    return Value(str(term))  # a blank node: the graph has none, a query result might


class EntityBuilder:
    def __init__(self, index: PageIndex, description: Description, lang: str) -> None:
        self.index, self.lang, self.iri = index, lang, description.iri
        # subject → predicate → object → graphs that state it
        self.facts: dict[str, dict[str, dict[Any, list[str]]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        self.incoming_triples: dict[str, dict[str, None]] = defaultdict(dict)  # ordered sets
        for quad in description.quads:
            subject = str(getattr(quad.subject, "value", quad.subject))  # the graph has IRIs only
            graphs = self.facts[subject][quad.predicate.value].setdefault(quad.object, [])
            graphs.append(str(getattr(quad.graph_name, "value", "")))
            if quad.object == NamedNode(self.iri) and subject != self.iri:
                self.incoming_triples[quad.predicate.value][subject] = None

    def link(self, iri: str) -> Link:
        return make_link(self.index, iri, self.lang)

    def evidence(self, iris: list[str]) -> list[EvidenceView]:
        views = (evidence_view(self.index, iri, self.lang) for iri in iris)
        return [view for view in views if view is not None]

    def build(self) -> EntityView:
        index, iri = self.index, self.iri
        own = self.facts.get(iri, {})
        type_graphs = {o.value: g for o, g in own.get(TYPE, {}).items() if isinstance(o, NamedNode)}
        # The types the graph states; the inferred super-types only when nothing is stated.
        stated = [t for t, graphs in type_graphs.items() if set(graphs) != {GRAPH_INFERRED}]
        related = self._related()
        own_evidence = sorted((o.value for o in own.get(DERIVED_FROM, {})), key=index.span_order)
        if iri in index.spans:
            own_evidence.append(iri)  # an evidence page shows its own passage
        return EntityView(
            iri=iri,
            title=index.label_with_language(iri, self.lang),
            description=index.description(iri, self.lang),
            types=sorted(map(self.link, stated or type_graphs), key=lambda k: k.text.casefold()),
            languages=index.in_languages(iri),
            statements=self._statements(own),
            figures=self._figures(),
            facts=related,
            disagreements=self._disagreements(),
            own_evidence=self.evidence(own_evidence),
            incoming=self._incoming({fact.link.iri for fact in related}),
        )

    # ---- statements ------------------------------------------------------------------------

    def _statements(self, own: dict[str, dict[Any, list[str]]]) -> list[Statement]:
        statements = []
        for predicate, objects in own.items():
            if predicate in SHOWN_ELSEWHERE:
                continue
            values = [self._value(predicate, obj, graphs) for obj, graphs in objects.items()]
            # Text in the reader's language first, then the others.
            values.sort(key=lambda v: (bool(v.lang) and v.lang != self.lang, v.text.casefold()))
            statements.append(Statement(self.link(predicate), curie(predicate), values))
        return sorted(statements, key=lambda s: (_rank(s.property.iri), s.property.text.casefold()))

    def _value(self, predicate: str, obj: Any, graphs: list[str]) -> Value:
        claims = self.index.claims_for(self.iri, predicate, obj)
        evidence = self.evidence([e for claim in claims for e in claim.evidence])
        qualifier = next((c.qualifier for c in claims if c.qualifier), None)
        value = self.term_value(obj)
        value.graphs = sorted({graph_name(g, self.lang) for g in graphs})
        value.evidence = evidence
        value.qualifier = self.link(qualifier) if qualifier else None
        if isinstance(obj, NamedNode) and obj.value.startswith(self.iri + "#"):
            part = self.facts.get(obj.value, {})
            value.parts = [
                (self.link(p), [self.term_value(o) for o in objects])
                for p, objects in sorted(part.items(), key=lambda item: _part_rank(item[0]))
                if p != TYPE
            ]
        return value

    def term_value(self, term: Any) -> Value:
        return term_value(self.index, term, self.lang)

    # ---- figures, remarks, positions, disagreements ---------------------------------------

    def _figures(self) -> list[Figure]:
        figures = []
        for count in self.index.counts_about(self.iri):
            source = self.index.source_of(count.evidence)
            figures.append(
                Figure(
                    count=self.link(count.iri),
                    category=self.link(count.category),
                    figure=self.index.figure_text(count, self.lang),
                    source=self.link(source) if source else None,
                    evidence=self.evidence(count.evidence),
                )
            )
        return figures

    def _related(self) -> list[Fact]:
        related = []
        for subject, properties in sorted(self.facts.items()):
            kinds = set(self.index.types.get(subject, ()))
            if subject == self.iri or not kinds & (REMARKS | POSITIONS):
                continue
            if not any(NamedNode(self.iri) in objects for objects in properties.values()):
                continue
            kind = "remarks" if kinds & REMARKS else "positions"
            order = (
                (PROV + "wasAttributedTo", ZH + "madeAt", SCHEMA + "about", ZH + "gist")
                if kind == "remarks"
                else (ORG + "member", ORG + "role", ORG + "organization", ZH + "attestedAt")
            )
            rows = []
            for predicate in order:
                objects = list(properties.get(predicate, {}))
                if predicate == ZH + "gist":
                    chosen = self.in_reader_language(objects)
                    objects = [chosen] if chosen is not None else []
                if objects:
                    rows.append((predicate, [self.term_value(o) for o in objects]))
            evidence = sorted(o.value for o in properties.get(DERIVED_FROM, {}))
            related.append(
                Fact(
                    self.link(subject),
                    kind,
                    [(self.link(p).text, values) for p, values in rows],
                    self.evidence(sorted(evidence, key=self.index.span_order)),
                )
            )
        return related

    def in_reader_language(self, literals: list[Any]) -> Any:
        """The literal in the reader's language, else the first in the fallback order."""
        for code in fallback_chain(self.lang):
            for literal in literals:
                if isinstance(literal, Literal) and literal.language == code:
                    return literal
        return literals[0] if literals else None

    def _disagreements(self) -> list[Disagreement]:
        by_property: dict[str, list[Any]] = defaultdict(list)
        for claim in self.index.claims_about(self.iri):
            if claim.predicate in SINGLE_VALUED:
                by_property[claim.predicate].append(claim)
        found = []
        for predicate, claims in sorted(by_property.items()):
            sources = {self.index.source_of(c.evidence) for c in claims}
            if len({str(c.object) for c in claims}) < 2 or len(sources) < 2:
                continue
            claims.sort(key=lambda c: source_key(self.index.source_of(c.evidence)))
            sides = []
            for claim in claims:
                source = self.index.source_of(claim.evidence)
                sides.append(
                    Side(
                        value=self.term_value(claim.object).text,
                        qualifier=self.link(claim.qualifier) if claim.qualifier else None,
                        source=self.link(source) if source else None,
                        claim=self.link(claim.iri),
                        evidence=self.evidence(claim.evidence),
                    )
                )
            found.append(Disagreement(self.link(predicate), sides))
        return found + self._figure_disagreements()

    def _figure_disagreements(self) -> list[Disagreement]:
        """Figures of one category that two sources give differently; both are kept."""
        by_category: dict[str, list[Any]] = defaultdict(list)
        for count in self.index.counts_about(self.iri):
            by_category[count.category].append(count)
        found = []
        for category, counts in sorted(by_category.items()):
            sources = {self.index.source_of(c.evidence) for c in counts}
            if len({(c.value, c.more_than) for c in counts}) < 2 or len(sources) < 2:
                continue
            sides = []
            for count in counts:  # already in source order
                source = self.index.source_of(count.evidence)
                sides.append(
                    Side(
                        value=self.index.figure_text(count, self.lang),
                        qualifier=None,
                        source=self.link(source) if source else None,
                        claim=self.link(count.iri),
                        evidence=self.evidence(count.evidence),
                    )
                )
            found.append(Disagreement(self.link(category), sides))
        return found

    def _incoming(self, shown_elsewhere: set[str]) -> list[Incoming]:
        own = self.facts.get(self.iri, {})
        groups = []
        for predicate, subjects in self.incoming_triples.items():
            if predicate in INCOMING_HIDDEN:
                continue
            inverse = self.index.inverse(predicate)
            shown = {o.value for o in own.get(inverse or "", {}) if isinstance(o, NamedNode)}
            kept = [
                s
                for s in subjects
                if s not in shown_elsewhere
                and s not in shown
                and not self._only_inferred(s, predicate)
            ]
            if kept:
                links = sorted((self.link(s) for s in kept), key=lambda k: k.text.casefold())
                groups.append(
                    Incoming(self.link(predicate), self.link(inverse) if inverse else None, links)
                )
        return sorted(groups, key=lambda g: (g.inverse or g.property).text.casefold())

    def _only_inferred(self, subject: str, predicate: str) -> bool:
        """A link the reasoner added (a super-property of a stated one) says nothing new."""
        graphs = self.facts.get(subject, {}).get(predicate, {}).get(NamedNode(self.iri), [])
        return bool(graphs) and set(graphs) == {GRAPH_INFERRED}


def _part_rank(predicate: str) -> tuple[int, str]:
    # A selector reads start, then end.
    return ((0 if predicate == OA + "start" else 1), predicate)


def _rank(predicate: str) -> int:
    if predicate in FIRST:
        return FIRST.index(predicate)
    if predicate in LAST:
        return 100 + LAST.index(predicate)
    return 50


def graph_name(graph: str, lang: str) -> str:
    """What a named graph is, in the reader's words."""
    with force_locale(lang):
        if graph == GRAPH_REFERENCE:
            return gettext("reference data")
        if graph == GRAPH_INFERRED:
            return gettext("inferred")
        if graph == GRAPH_ONTOLOGY:
            return gettext("ontology")
        if graph.startswith(GRAPH_SOURCE):
            return gettext("source %(key)s", key=graph[len(GRAPH_SOURCE) :])
    return graph


def entity_view(index: PageIndex, description: Description, lang: str) -> EntityView:
    return EntityBuilder(index, description, lang).build()
