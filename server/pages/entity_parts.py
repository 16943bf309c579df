"""What an entity page shows, as plain data: links, values, statements, figures, disagreements,
facts about the thing and links to it. `entity` fills these in; templates lay them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.pages.evidence import EvidenceView


@dataclass(frozen=True)
class Link:
    iri: str
    text: str
    lang: str
    url: str | None  # this server's page; None for outside IRIs, linked as they are

    @property
    def external(self) -> bool:
        return self.url is None


@dataclass
class Value:
    text: str
    lang: str = ""
    link: Link | None = None
    datatype: str = ""  # shown for dates and other typed values, not for plain numbers
    numeric: bool = False
    qualifier: Link | None = None
    graphs: list[str] = field(default_factory=list)
    evidence: list[EvidenceView] = field(default_factory=list)
    parts: list[tuple[Link, list[Value]]] = field(default_factory=list)  # a hash-IRI's own facts


@dataclass
class Statement:
    property: Link
    curie: str
    values: list[Value]


@dataclass
class Figure:
    count: Link
    category: Link
    figure: str
    source: Link | None
    evidence: list[EvidenceView]


@dataclass
class Side:
    value: str
    qualifier: Link | None
    source: Link | None
    claim: Link
    evidence: list[EvidenceView]


@dataclass
class Disagreement:
    property: Link
    sides: list[Side]


@dataclass
class Fact:
    """A remark or a position held: a node about this resource with its own evidence."""

    link: Link
    kind: str
    rows: list[tuple[str, list[Value]]]
    evidence: list[EvidenceView]


@dataclass
class Incoming:
    """Links to this resource under one property, read from this side: with the ontology's
    inverse property when it has one ("sub-event: Zhusan-5"), else as the sentence they state
    ("Zhusan-5 — credited to — KNB", ``inverse`` None)."""

    property: Link
    inverse: Link | None
    links: list[Link]


@dataclass
class EntityView:
    iri: str
    title: tuple[str, str]
    description: tuple[str, str] | None
    types: list[Link]
    languages: list[dict[str, Any]]
    statements: list[Statement]
    figures: list[Figure]
    facts: list[Fact]
    disagreements: list[Disagreement]
    own_evidence: list[EvidenceView]
    incoming: list[Incoming]
