"""The summary box at the top of an entity page, as Wikidata's: what the thing is, when, who,
where, what it is part of, the previous and next of a series, its parts and their figures, the
positions and remarks of a person, the events an organisation is named in — each value with
the passage that states it. Built from the same description and page index as the rest of the
page (entity.py); nothing here is HTML.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date, format_skeleton
from flask_babel import gettext
from pyoxigraph import Literal, NamedNode

from server.core.namespaces import PREFIXES, PROV, SCHEMA, XSD, ZH
from server.pages.entity import EntityBuilder
from server.pages.entity_parts import Link
from server.pages.evidence import EvidenceView
from server.pages.index_queries import Count

ORG = PREFIXES["org"]
WHEN = (SCHEMA + "startDate", SCHEMA + "endDate")
WHO = (
    ZH + "creditedTo",
    ZH + "coordinatedBy",
    SCHEMA + "organizer",
    ZH + "underAegisOf",
    SCHEMA + "sponsor",
    PROV + "wasAttributedTo",
    ORG + "member",
    ORG + "role",
)
WHERE = (SCHEMA + "location", ZH + "madeAt", ZH + "attestedAt", ZH + "returnedFrom")
PART_OF = (
    SCHEMA + "observationAbout",
    SCHEMA + "superEvent",
    ORG + "subOrganizationOf",
    ORG + "organization",
    SCHEMA + "containedInPlace",
)
# What "Part of" says by itself: no note repeats it ("Part of: … — super-event").
PLAIN_PART_OF = (SCHEMA + "superEvent", ORG + "subOrganizationOf", SCHEMA + "containedInPlace")
# Events: one row per event below this one (a phase), with its total.
Events = dict[str, tuple[set[str], int | None]]


@dataclass
class Item:
    """One value of the box: a link or a text, a note after it (the property, a qualifier, a
    source), and its evidence."""

    text: str
    lang: str = ""
    link: Link | None = None
    note: str = ""
    evidence: list[EvidenceView] = field(default_factory=list)
    quote: tuple[str, str] | None = None  # a paraphrase and its language (a remark's gist)


@dataclass
class Row:
    key: str  # stable, for styles and tests: when, who, where, part-of, previous, next, …
    label: str
    items: list[Item]


@dataclass
class Summary:
    rows: list[Row]

    @property
    def problem(self) -> str | None:
        """Why passages are missing, when one is: the box says once how to enable them."""
        for row in self.rows:
            for item in row.items:
                for e in item.evidence:
                    if e.passage is None:
                        return e.problem or "passage_unavailable"
        return None


def summarise(builder: EntityBuilder, events: Events | None = None) -> Summary:
    """The box for the builder's resource; ``events`` are the events below it, if any."""
    return _Summary(builder, events or {}).build()


class _Summary:
    def __init__(self, builder: EntityBuilder, events: Events) -> None:
        self.b, self.index, self.lang, self.iri = builder, builder.index, builder.lang, builder.iri
        self.own = builder.facts.get(self.iri, {})
        self.events = events

    def build(self) -> Summary:
        rows = [
            self._row("when", gettext("When"), self._dates()),
            self._row("who", gettext("Who"), self._outgoing(WHO)),
            self._row("where", gettext("Where"), self._outgoing(WHERE)),
            self._row("part-of", gettext("Part of"), self._outgoing(PART_OF, said=PLAIN_PART_OF)),
            *self._series(),
            self._row("phases", gettext("Phases"), self._phases()),
            self._row("positions", gettext("Positions held"), self._positions()),
            self._row("remarks", gettext("Remarks"), self._remarks()),
            self._row("named-in", gettext("Named in"), self._named_in()),
            self._row("figure", gettext("Value"), self._own_figure()),
            self._row("figures", gettext("Key figures"), self._figures()),
        ]
        return Summary([row for row in rows if row.items])

    @staticmethod
    def _row(key: str, label: str, items: list[Item]) -> Row:
        return Row(key, label, items)

    def _item(self, iri: str, note: str = "", evidence: list[str] | None = None) -> Item:
        link = self.b.link(iri)
        return Item(link.text, link.lang, link, note, self.b.evidence(evidence or []))

    def _claimed(self, predicate: str, obj: Any) -> list[str]:
        claims = self.index.claims_for(self.iri, predicate, obj)
        return [e for claim in claims for e in claim.evidence]

    # ---- the resource's own facts ---------------------------------------------------------

    def _dates(self) -> list[Item]:
        items = []
        for predicate in WHEN:
            for obj in self.own.get(predicate, {}):
                claims = self.index.claims_for(self.iri, predicate, obj)
                text = human_date(obj, self.lang)
                qualifiers = [self.b.link(c.qualifier).text for c in claims if c.qualifier]
                note = self.b.link(predicate).text
                if qualifiers:
                    note += f" ({', '.join(qualifiers)})"
                evidence = [e for claim in claims for e in claim.evidence]
                items.append(Item(text, self.lang, None, note, self.b.evidence(evidence)))
        return items

    def _outgoing(self, predicates: tuple[str, ...], said: tuple[str, ...] = ()) -> list[Item]:
        """Items for the resource's links by ``predicates``, each noted with its property but
        those the row's heading already ``said``."""
        items = []
        for predicate in predicates:
            for obj in self.own.get(predicate, {}):
                if not isinstance(obj, NamedNode):
                    continue
                evidence = self._claimed(predicate, obj)
                if not evidence and self.iri in self.index.positions:
                    evidence = self.index.positions[self.iri].evidence
                if not evidence and self.iri in self.index.remarks:
                    evidence = self.index.remarks[self.iri].evidence
                note = "" if predicate in said else self.b.link(predicate).text
                items.append(self._item(obj.value, note, evidence))
        return items

    def _series(self) -> list[Row]:
        """The previous and the next of a numbered series (the phases), by ordinal."""
        ordinal = self.index.ordinals.get(self.iri)
        if ordinal is None:
            return []
        kinds = set(self.index.types.get(self.iri, ()))
        siblings = {
            n: iri
            for iri, n in self.index.ordinals.items()
            if kinds & set(self.index.types.get(iri, ()))
        }
        rows = []
        for key, label, n in (
            ("previous", gettext("Previous"), ordinal - 1),
            ("next", gettext("Next"), ordinal + 1),
        ):
            if n in siblings:
                rows.append(Row(key, label, [self._item(siblings[n])]))
        return rows

    def _phases(self) -> list[Item]:
        """The numbered events under this one, each with its total of people."""
        below = [
            (ordinal, event)
            for event, (_, ordinal) in self.events.items()
            if ordinal is not None and event != self.iri
        ]
        items = []
        for _, event in sorted(below):
            totals = [c for c in self.index.counts_about(event) if c.category_key == "persons"]
            item = self._item(event)
            if totals:
                item.note = self._figure_phrase(totals[0])
                item.evidence = self.b.evidence(totals[0].evidence[:1])
            items.append(item)
        return items

    def _figure_phrase(self, count: Count) -> str:
        return f"{self.index.figure_text(count, self.lang)} {self.b.link(count.category).text}"

    # ---- what points at it ------------------------------------------------------------------

    def _positions(self) -> list[Item]:
        items = []
        for position in self.index.positions.values():
            if position.member != self.iri:
                continue
            note = self.b.link(position.attested_at).text if position.attested_at else ""
            items.append(self._item(position.iri, note, position.evidence))
        return items

    def _remarks(self) -> list[Item]:
        """Remarks by this resource, or about it; about it, each names its speaker's role."""
        items = []
        for remark in self.index.remarks.values():
            if remark.speaker == self.iri:
                # On the speaker's own page a remark is named by what was said, and where.
                item = self._item(remark.iri, "", remark.evidence)
                gist = self.index.text_in(remark.iri, (ZH + "gist",), self.lang)
                if gist and item.link:
                    item.link = Link(remark.iri, gist[0], gist[1], item.link.url)
                    item.text, item.lang = gist
                item.note = self.b.link(remark.event).text if remark.event else ""
                items.append(item)
            elif self.iri in remark.about and remark.speaker:
                roles = [
                    p
                    for p in self.index.positions.values()
                    if p.member == remark.speaker and p.attested_at == remark.event
                ]
                item = self._item(roles[0].iri if roles else remark.speaker)
                where = self.b.link(remark.event).text if remark.event else ""
                item.note = where
                item.quote = self.index.text_in(remark.iri, (ZH + "gist",), self.lang)
                item.evidence = self.b.evidence(remark.evidence)
                items.append(item)
        return items

    def _named_in(self) -> list[Item]:
        """The events that name this resource as who ran, organised or backed them: the
        incoming link read from this side ("Zhusan-5 (credited to)")."""
        items = []
        for predicate in WHO[:5]:
            for subject in self.b.incoming_triples.get(predicate, {}):
                claims = self.index.claims_for(subject, predicate, NamedNode(self.iri))
                evidence = [e for claim in claims for e in claim.evidence]
                items.append(self._item(subject, self.b.link(predicate).text, evidence))
        return items

    def _own_figure(self) -> list[Item]:
        """A figure's page: the figure itself, in words, with its passage."""
        count = self.index.counts.get(self.iri)
        if count is None:
            return []
        return [
            Item(self._figure_phrase(count), self.lang, None, "", self.b.evidence(count.evidence))
        ]

    def _figures(self) -> list[Item]:
        items = []
        for count in self.index.counts_about(self.iri):
            item = self._item(count.iri, "", count.evidence[:1])
            item.text = self._figure_phrase(count)
            if item.link:
                item.link = Link(item.link.iri, item.text, self.lang, item.link.url)
            items.append(item)
        return items


def human_date(term: Any, lang: str) -> str:
    """A date as the reader writes it: "4 February 2021", "March 2019", "2019"."""
    if not isinstance(term, Literal):
        return str(term)
    datatype = term.datatype.value if term.datatype else ""
    try:
        if datatype == XSD + "date":
            return format_date(datetime.date.fromisoformat(term.value), "long", locale=lang)
        if datatype == XSD + "gYearMonth":
            year, month = term.value.split("-")[:2]
            day = datetime.date(int(year), int(month), 1)
            return format_skeleton("yMMMM", day, locale=lang)
    except (ValueError, LookupError):
        pass
    return term.value
