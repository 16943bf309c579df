"""Reading a source's curated file back: its fact nodes, their spans, the form each one was
made from (to edit it), and the file without one fact (to delete or replace it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pyoxigraph import Literal, Quad

from server.core.namespaces import PROV, RDF, SCHEMA, ZH, source_graph
from server.curation.annotations import DERIVED, FACT_TYPES, TYPE
from server.curation.sources import CurationError
from server.curation.trig_writer import ORG


def facts(quads: Iterable[Quad], key: str) -> dict[str, dict[str, list[Any]]]:
    """Each fact node of the source's graph with its properties."""
    graph = source_graph(key)
    nodes: dict[str, dict[str, list[Any]]] = {}
    by_subject: dict[str, dict[str, list[Any]]] = {}
    for quad in quads:
        if _value(quad.graph_name) != graph:
            continue
        by_subject.setdefault(_value(quad.subject), {}).setdefault(
            _value(quad.predicate), []
        ).append(quad.object)
    for subject, properties in by_subject.items():
        if any(t.value in FACT_TYPES for t in properties.get(TYPE, [])):
            nodes[subject] = properties
    return nodes


def spans(properties: dict[str, list[Any]]) -> list[tuple[int, int]]:
    found = []
    for evidence in properties.get(DERIVED, []):
        match = re.search(r"/([0-9]+)-([0-9]+)$", evidence.value)
        if match:
            found.append((int(match.group(1)), int(match.group(2))))
    return sorted(found)


def form_of(properties: dict[str, list[Any]]) -> dict[str, Any]:
    """The annotation a fact node came from, as the form fields that would make it again."""

    def one(predicate: str) -> str:
        values = properties.get(predicate, [])
        return values[0].value if values else ""

    kinds = {FACT_TYPES[t.value] for t in properties.get(TYPE, []) if t.value in FACT_TYPES}
    first_span = (spans(properties) or [(0, 0)])[0]
    form: dict[str, Any] = {"start": first_span[0], "end": first_span[1]}
    if "figure" in kinds:
        more = properties.get(ZH + "moreThan")
        form.update(
            kind="figure",
            scope=one(SCHEMA + "observationAbout"),
            category=one(ZH + "category"),
            value=int((more or properties.get(SCHEMA + "value", [Literal(0)]))[0].value),
            more_than=bool(more),
        )
    elif "claim" in kinds:
        obj = properties.get(RDF + "object", [None])[0]
        if isinstance(obj, Literal):
            decade = bool(properties.get(ZH + "datePrecision"))
            datatype = obj.datatype.value.rsplit("#", 1)[-1]
            precision = (
                "decade" if decade else {"date": "day", "gYearMonth": "month"}.get(datatype, "year")
            )
            form.update(
                kind="date",
                subject=one(RDF + "subject"),
                predicate=one(RDF + "predicate"),
                date=obj.value,
                precision=precision,
                qualifier=one(ZH + "dateQualifier"),
            )
        else:
            form.update(
                kind="relation",
                subject=one(RDF + "subject"),
                predicate=one(RDF + "predicate"),
                object=obj.value if obj is not None else "",
            )
    elif "position" in kinds:
        form.update(
            kind="position",
            person=one(ORG + "member"),
            role=one(ORG + "role"),
            organisation=one(ORG + "organization"),
            attested_at=one(ZH + "attestedAt"),
        )
    else:
        form.update(
            kind="remark",
            attributed_to=one(PROV + "wasAttributedTo"),
            about=one(SCHEMA + "about"),
            made_at=one(ZH + "madeAt"),
        )
        for gist in properties.get(ZH + "gist", []):
            form[f"gist_{gist.language}"] = gist.value
    return form


def without(quads: list[Quad], fact: str, key: str) -> list[Quad]:
    """The file's quads with the fact ``fact`` taken out: its node, the triple its claim
    reifies (unless another claim still states it) and evidence nothing else cites. Things it
    introduced stay in the reference graph, since other facts may name them."""
    graph = source_graph(key)
    nodes = facts(quads, key)
    if fact not in nodes:
        raise CurationError(f"no fact {fact} in source {key}")
    properties = nodes[fact]
    kept = [q for q in quads if not (_value(q.graph_name) == graph and _value(q.subject) == fact)]
    if FACT_TYPES.get(properties[TYPE][0].value) == "claim":
        triple = tuple(
            properties[p][0] for p in (RDF + "subject", RDF + "predicate", RDF + "object")
        )
        others = [
            props
            for node, props in facts(kept, key).items()
            if node != fact
            and tuple(
                props.get(p, [None])[0]
                for p in (RDF + "subject", RDF + "predicate", RDF + "object")
            )
            == triple
        ]
        if not others:
            kept = [
                q
                for q in kept
                if not (
                    _value(q.graph_name) == graph and (q.subject, q.predicate, q.object) == triple
                )
            ]
    cited = {
        _value(q.object)
        for q in kept
        if _value(q.graph_name) == graph and _value(q.predicate) == DERIVED
    }
    evidence = {
        _value(q.subject)
        for q in kept
        if _value(q.graph_name) == graph
        and _value(q.predicate) == TYPE
        and _value(q.object) == ZH + "Evidence"
    }
    dropped = evidence - cited
    return [
        q
        for q in kept
        if not (_value(q.graph_name) == graph and _value(q.subject).split("#", 1)[0] in dropped)
    ]


def _value(term: Any) -> str:
    """The IRI or lexical form of any term (a default graph has none)."""
    return str(getattr(term, "value", ""))
