"""What the visual pages show, read from the graph: the stated figures per phase, the dated
claims, and one resource's neighbourhood, named by the caller's `Labeler`.

Every query is the application's own, fixed and bounded; the one value from a request (the
resource of the graph view) is bound as a term, never written into the query's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions

from server.core import iris
from server.core.errors import NotFound
from server.core.namespaces import OA, SPDX, ZH

CATEGORIES = ("men", "women", "children", "orphans")
MAX_NEIGHBOURS = 200  # edges of one graph view

CHART_QUERY = """
SELECT ?phase ?ordinal ?count ?category ?value ?minimum ?source WHERE {
  ?phase a zh:Phase ; zh:ordinal ?ordinal .
  OPTIONAL {
    VALUES ?category { cat:men cat:women cat:children cat:orphans }
    ?count a zh:Count ; schema:observationAbout ?phase ; zh:category ?category .
    OPTIONAL { ?count schema:value ?value }
    OPTIONAL { ?count zh:moreThan ?minimum }
    OPTIONAL { ?count prov:wasDerivedFrom/oa:hasSource ?source }
  }
}"""

DATED_CLAIMS_QUERY = """
SELECT ?claim ?event ?predicate ?date ?evidence ?source ?qualifier ?precision WHERE {
  VALUES ?predicate { schema:startDate schema:endDate }
  ?claim a zh:Claim ; rdf:subject ?event ; rdf:predicate ?predicate ; rdf:object ?date .
  FILTER(isLiteral(?date))
  OPTIONAL { ?claim prov:wasDerivedFrom ?evidence OPTIONAL { ?evidence oa:hasSource ?source } }
  OPTIONAL { ?claim zh:dateQualifier ?qualifier }
  OPTIONAL { ?claim zh:datePrecision ?precision }
}"""

EXISTS_QUERY = "ASK { { ?this ?p ?o } UNION { ?s ?p ?this } }"

NEIGHBOURS_QUERY = """
SELECT DISTINCT ?this ?direction ?predicate ?neighbour WHERE {
  { ?this ?predicate ?neighbour FILTER(isIRI(?neighbour) && ?predicate != rdf:type)
    BIND("out" AS ?direction) }
  UNION
  { ?neighbour ?predicate ?this FILTER(isIRI(?neighbour)) BIND("in" AS ?direction) }
}
ORDER BY ?direction ?predicate ?neighbour"""

# The types of the resource and of its neighbours.
NODE_TYPES_QUERY = """
SELECT DISTINCT ?this ?thing ?type WHERE {
  { BIND(?this AS ?thing) } UNION { ?this ?p1 ?thing FILTER(isIRI(?thing)) }
  UNION { ?thing ?p2 ?this }
  ?thing rdf:type ?type
}
ORDER BY ?thing ?type"""  # the first type read wins: the same on every engine


# The graph's bookkeeping: how a fact is stated and where (claims, evidence, their selectors and
# the sources' checksums). The graph view hides it until the reader asks for it.
BOOKKEEPING_TYPES = frozenset(
    {
        ZH + "Claim",
        ZH + "Evidence",
        OA + "TextPositionSelector",
        OA + "TextQuoteSelector",
        SPDX + "Checksum",
    }
)
BOOKKEEPING_LINKS = frozenset({OA + "hasSelector", SPDX + "checksum"})

# One colour per kind of thing (the project's own class); anything else is grey. The page's
# legend and the drawing's script both read it from here.
KIND_COLOURS = {
    "Operation": "#8c2d04",
    "PhaseGroup": "#d94801",
    "Phase": "#f16913",
    "Count": "#2171b5",
    "Claim": "#6a51a3",
    "Evidence": "#807dba",
    "SourceDocument": "#525252",
    "GovernmentAgency": "#238b45",
    "Meeting": "#41ab5d",
    "Forum": "#41ab5d",
    "Session": "#74c476",
    "Remark": "#9e9ac8",
    "Communique": "#9e9ac8",
}
OTHER_COLOUR = "#969696"

# A resource's name in the reader's language (the pages' one label lookup, labels.PageIndex).
Labeler = Callable[[str], str]


def _rows(backend: Any, query: str, **bindings: Any) -> QuerySolutions:
    answer = backend.internal_query(query, **bindings)
    assert isinstance(answer, QuerySolutions)
    return answer


def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


def _local_name(term: Any) -> str | None:
    """``zh:decade`` → ``decade``."""
    return None if term is None else str(term.value).rsplit("#", 1)[-1]


@dataclass
class Figure:
    phase: str
    category: str
    count: str
    value: int
    more_than: bool
    sources: list[str]


def phase_figures(backend: Any) -> tuple[list[tuple[str, int]], list[Figure]]:
    """The phases in order, and every stated figure of the four categories about them."""
    phases: dict[str, int] = {}
    figures: dict[str, Figure] = {}
    for row in _rows(backend, CHART_QUERY):
        phases[row["phase"].value] = int(row["ordinal"].value)
        count = _value(row["count"])
        amount = row["value"] or row["minimum"]
        if count is None or amount is None:
            continue
        category = row["category"].value.rsplit("/", 1)[-1]
        figure = figures.setdefault(
            count,
            Figure(
                row["phase"].value, category, count, int(amount.value), row["value"] is None, []
            ),
        )
        source = _value(row["source"])
        if source and source not in figure.sources:
            figure.sources.append(source)
    ordered = sorted(phases.items(), key=lambda item: item[1])
    return ordered, sorted(figures.values(), key=lambda f: (f.phase, f.category, f.count))


@dataclass
class DatedClaim:
    claim: str
    event: str
    predicate: str  # start or end
    date: str
    datatype: str
    qualifier: str | None
    precision: str | None  # "decade" when coarser than the datatype; None otherwise
    evidence: list[str]
    sources: list[str]


def dated_claims(backend: Any) -> list[DatedClaim]:
    """Every claim dating an event's start or end, sorted by the date's text."""
    claims: dict[str, DatedClaim] = {}
    for row in _rows(backend, DATED_CLAIMS_QUERY):
        claim = claims.setdefault(
            row["claim"].value,
            DatedClaim(
                claim=row["claim"].value,
                event=row["event"].value,
                predicate="end" if row["predicate"].value.endswith("endDate") else "start",
                date=row["date"].value,
                datatype=row["date"].datatype.value,
                qualifier=_value(row["qualifier"]),
                precision=_local_name(row["precision"]),
                evidence=[],
                sources=[],
            ),
        )
        for key, bucket in (("evidence", claim.evidence), ("source", claim.sources)):
            found = _value(row[key])
            if found and found not in bucket:
                bucket.append(found)
    return sorted(claims.values(), key=lambda c: (c.date, c.predicate != "start", c.event))


def neighbourhood(
    backend: Any, iri: NamedNode, labels: Labeler, limit: int = MAX_NEIGHBOURS
) -> dict[str, Any]:
    """The resource, its IRI neighbours both ways and the edges between, labelled and typed."""
    exists = backend.internal_query(EXISTS_QUERY, this=iri)
    if isinstance(exists, QueryBoolean) and not bool(exists):
        raise NotFound(f"the graph holds no statement about <{iri.value}>")
    edges = [
        (row["direction"].value, row["predicate"].value, row["neighbour"].value)
        # One more than drawn is asked for, to tell when some were left out.
        for row in _rows(backend, f"{NEIGHBOURS_QUERY}\nLIMIT {int(limit) + 1}", this=iri)
    ]
    truncated = len(edges) > limit
    edges = edges[:limit]
    types: dict[str, dict[str, None]] = {}
    for row in _rows(backend, NODE_TYPES_QUERY, this=iri):
        types.setdefault(row["thing"].value, {})[row["type"].value] = None
    order = [iri.value, *dict.fromkeys(n for _, _, n in edges if n != iri.value)]
    directions: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}
    for direction, predicate, neighbour in edges:
        directions.setdefault(neighbour, set()).add(direction)
        links.setdefault(neighbour, set()).add(predicate)

    def node(thing: str) -> dict[str, Any]:
        own = [t for t in types.get(thing, {}) if t.startswith(ZH)]
        ways = directions.get(thing, set())
        kind = own[0][len(ZH) :] if own else "Other"
        return {
            "id": thing,
            "label": labels(thing),
            "url": iris.local_url(thing),
            "types": [{"iri": t, "label": labels(t)} for t in own],
            "kind": kind,
            "colour": KIND_COLOURS.get(kind, OTHER_COLOUR),
            "bookkeeping": thing != iri.value
            and bool(
                BOOKKEEPING_TYPES.intersection(types.get(thing, {}))
                or (links.get(thing, set()) <= BOOKKEEPING_LINKS and links.get(thing))
            ),
            "center": thing == iri.value,
            "relation": "self" if thing == iri.value else "both" if len(ways) > 1 else min(ways),
        }

    nodes = [node(thing) for thing in order]
    kinds: dict[str, dict[str, Any]] = {}
    for n in nodes:
        first_type = n["types"][0] if n["types"] else None
        entry = kinds.setdefault(
            n["kind"],
            {
                "kind": n["kind"],
                "label": first_type["label"] if first_type else "",
                "colour": n["colour"],
                "bookkeeping": True,
            },
        )
        entry["bookkeeping"] = entry["bookkeeping"] and n["bookkeeping"]
    return {
        "iri": iri.value,
        "label": labels(iri.value),
        "truncated": truncated,
        "kinds": sorted(kinds.values(), key=lambda k: (k["kind"] == "Other", k["label"])),
        "nodes": nodes,
        "edges": [
            {
                "id": f"e{i}",
                "source": iri.value if direction == "out" else neighbour,
                "target": neighbour if direction == "out" else iri.value,
                "direction": direction,
                "predicate": predicate,
                "label": labels(predicate),
            }
            for i, (direction, predicate, neighbour) in enumerate(edges)
        ],
    }
