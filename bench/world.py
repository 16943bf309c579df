"""The synthetic world: agencies, people, places, then operation after operation with its
phases, counts, claims, evidence, meeting and remarks, each in the graph of the source that
states it. It also keeps the constants the query templates are filled with."""

from __future__ import annotations

import hashlib
import random
import re

from .names import (
    CITIES,
    CODE_NAMES,
    COUNTRIES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    POPULATION,
    SOURCE_LANGUAGES,
)
from .trig import Graph, Source, in_languages, lit, typed

ID = "https://w3id.org/zhusan/id/"
GRAPH = "https://w3id.org/zhusan/graph/"
OPERATIONS_PER_SOURCE = 4
# About this many triples per operation (its phases, counts, claims and evidence included);
# only used to size the pools of agencies, people and places before the operations are drawn.
TRIPLES_PER_OPERATION = 480


class World:
    """Draws the synthetic world and keeps the constants the query templates need."""

    def __init__(self, seed: int, target: int) -> None:
        self.seed = seed
        self.target = target
        self.reference = Graph(
            GRAPH + "reference",
            "Types and labels of everything the synthetic sources speak of (benchmark data).",
        )
        self.sources: list[Source] = []
        self.entities: dict[str, list[str]] = {
            "ENTITY": [],
            "OPERATION": [],
            "DESCRIBED": [],
            "TERM": [],
            "NUMBER": [],
        }
        estimate = max(4, target // TRIPLES_PER_OPERATION)
        self.agencies = [f"org/agency-{k:04d}" for k in range(1, max(5, estimate // 8) + 2)]
        self.people = [f"person/person-{k:05d}" for k in range(1, max(5, estimate // 4) + 2)]
        self.places = [f"place/city-{k:04d}" for k in range(1, max(5, estimate // 10) + 2)]

    @property
    def triples(self) -> int:
        return self.reference.triples + sum(s.graph.triples for s in self.sources)

    def pools(self) -> None:
        ref = self.reference
        ref.note("---- countries ----")
        for code, en, ru, fr, kk, wikidata in COUNTRIES:
            ref.add(
                f"country/{code}",
                ("a", ["schema:Country"]),
                ("rdfs:label", in_languages(en, ru, fr, kk)),
                ("schema:sameAs", [f"wd:{wikidata}"]),
            )
        ref.note("---- agencies ----")
        for k, agency in enumerate(self.agencies, start=1):
            ref.add(
                agency,
                ("a", ["zh:GovernmentAgency"]),
                (
                    "rdfs:label",
                    in_languages(
                        f"Agency no. {k}",
                        f"Ведомство № {k}",
                        f"Organisme nº {k}",
                        f"№ {k} ведомство",
                    ),
                ),
                ("skos:altLabel", [lit(f"AG{k}", "en")]),
            )
            self.entities["ENTITY"].append(ID + agency)
        ref.note("---- people ----")
        for k, person in enumerate(self.people):
            given = GIVEN_NAMES[k % len(GIVEN_NAMES)]
            family = FAMILY_NAMES[(k // len(GIVEN_NAMES)) % len(FAMILY_NAMES)]
            ref.add(
                person,
                ("a", ["schema:Person"]),
                (
                    "rdfs:label",
                    in_languages(*(f"{g} {f}" for g, f in zip(given, family, strict=True))),
                ),
            )
            self.entities["ENTITY"].append(ID + person)
        ref.note("---- places ----")
        for k, place in enumerate(self.places):
            city = CITIES[k % len(CITIES)]
            number = k // len(CITIES) + 1
            ref.add(
                place,
                ("a", ["schema:City"]),
                ("rdfs:label", in_languages(*(f"{name}-{number}" for name in city))),
                ("schema:containedInPlace", ["<country/kz>"]),
            )
            self.entities["ENTITY"].append(ID + place)

    def source_for(self, operation: int) -> Source:
        index = (operation - 1) // OPERATIONS_PER_SOURCE
        if index < len(self.sources):
            return self.sources[index]
        key = f"{index + 1:03d}"
        source = Source(
            key,
            Graph(GRAPH + f"source/{key}", f"Facts stated by synthetic source {key}."),
        )
        self.sources.append(source)
        self.describe_source(source, random.Random(f"{self.seed}/source/{key}"))
        return source

    def describe_source(self, source: Source, rng: random.Random) -> None:
        """The document in the reference graph, and the meeting it reports in its own graph."""
        key, language = source.key, SOURCE_LANGUAGES[int(source.key) % len(SOURCE_LANGUAGES)]
        checksum = hashlib.sha256(f"{self.seed}/{key}".encode()).hexdigest()
        ref = self.reference
        ref.note(f"---- source {key} ----")
        ref.add(
            f"source/{key}",
            ("a", ["zh:SourceDocument"]),
            ("dcterms:identifier", [lit(f"{key}_synthetic.txt")]),
            ("dcterms:title", [lit(f"Synthetic article {key}", "en")]),
            (
                "rdfs:label",
                in_languages(
                    f"Synthetic article (source {key})",
                    f"Синтетическая статья (источник {key})",
                    f"Article synthétique (source {key})",
                    f"Синтетикалық мақала ({key} дереккөз)",
                ),
            ),
            ("dcterms:language", [typed(language, "language")]),
            ("spdx:checksum", [f"<source/{key}#sha256>"]),
        )
        ref.add(
            f"source/{key}#sha256",
            ("a", ["spdx:Checksum"]),
            ("spdx:algorithm", ["spdx:checksumAlgorithm_sha256"]),
            ("spdx:checksumValue", [typed(checksum, "hexBinary")]),
        )
        meeting = f"event/meeting-{key}"
        ref.add(
            meeting,
            ("a", ["zh:Meeting"]),
            (
                "rdfs:label",
                in_languages(
                    f"Meeting on repatriation {key}",
                    f"Совещание по репатриации {key}",
                    f"Réunion sur le rapatriement {key}",
                    f"Репатриация жөніндегі кеңес {key}",
                ),
            ),
        )
        self.entities["ENTITY"] += [ID + f"source/{key}", ID + meeting]
        date = typed(f"{2015 + rng.randrange(9)}-{rng.randrange(1, 13):02d}-10", "date")
        organizer, place = rng.choice(self.agencies), rng.choice(self.places)
        graph = source.graph
        graph.note(f"---- the meeting that source {key} reports ----")
        graph.add(
            meeting,
            ("schema:startDate", [date]),
            ("schema:organizer", [f"<{organizer}>"]),
            ("schema:location", [f"<{place}>"]),
        )
        span = source.evidence(rng)
        source.claim("meeting-startDate", ID + meeting, "schema:startDate", date, span)
        source.claim("meeting-organizer", ID + meeting, "schema:organizer", f"<{organizer}>", span)
        source.claim("meeting-location", ID + meeting, "schema:location", f"<{place}>", span)

    def operation(self, i: int) -> None:
        rng = random.Random(f"{self.seed}/operation/{i}")
        source = self.source_for(i)
        latin, russian, kazakh = CODE_NAMES[(i - 1) % len(CODE_NAMES)]
        number = (i - 1) // len(CODE_NAMES) + 1
        name = (f"{latin}-{number}", f"{russian}-{number}", f"{kazakh}-{number}")
        op = f"operation/op-{i:05d}"
        self.entities["OPERATION"].append(ID + op)
        self.entities["ENTITY"].append(ID + op)
        for term in (latin.lower(), russian.lower(), kazakh.lower()):
            if term not in self.entities["TERM"]:
                self.entities["TERM"].append(term)
        self.reference.note(f"---- operation {name[0]} ----")
        self.reference.add(
            op,
            ("a", ["zh:Operation"]),
            (
                "rdfs:label",
                in_languages(
                    f"Operation {name[0]}",
                    f"операция «{name[1]}»",
                    f"opération {name[0]}",
                    f"«{name[2]}» операциясы",
                ),
            ),
            ("skos:altLabel", [lit(name[0], "en"), lit(name[1], "ru")]),
            (
                "schema:description",
                in_languages(
                    f"Synthetic repatriation operation no. {i} (benchmark data)",
                    f"Синтетическая операция по репатриации № {i} (тестовые данные)",
                    f"Opération de rapatriement synthétique nº {i} (données d’essai)",
                ),
            ),
        )
        year = 2014 + rng.randrange(10)
        start = typed(f"{year}-{rng.randrange(1, 13):02d}", "gYearMonth")
        origin = f"<country/{rng.choice(('sy', 'iq', 'af'))}>"
        coordinator = f"<{rng.choice(self.agencies)}>"
        graph = source.graph
        graph.note(f"---- operation {name[0]} ----")
        graph.add(
            op,
            ("schema:startDate", [start]),
            ("zh:returnedFrom", [origin]),
            ("zh:returnedTo", ["<country/kz>"]),
            ("zh:coordinatedBy", [coordinator]),
        )
        local = f"op-{i:05d}"
        dated = source.evidence(rng)
        source.claim(f"{local}-startDate", ID + op, "schema:startDate", start, dated)
        stated = source.evidence(rng)
        source.claim(f"{local}-returnedFrom", ID + op, "zh:returnedFrom", origin, stated)
        source.claim(f"{local}-returnedTo", ID + op, "zh:returnedTo", "<country/kz>", stated)
        source.claim(f"{local}-coordinatedBy", ID + op, "zh:coordinatedBy", coordinator, stated)
        children_total = 0
        for ordinal in range(1, rng.randint(3, 6) + 1):
            children_total += self.phase(source, rng, op, name, ordinal, year)
        self.entities["NUMBER"].append(str(children_total))
        self.remark(source, rng, op, name[0], local)

    def phase(
        self,
        source: Source,
        rng: random.Random,
        op: str,
        name: tuple[str, str, str],
        ordinal: int,
        year: int,
    ) -> int:
        """One phase with its facts, claims and counts; returns its number of children."""
        phase = f"{op}/phase/{ordinal}"
        self.entities["ENTITY"].append(ID + phase)
        self.reference.add(
            phase,
            ("a", ["zh:Phase"]),
            (
                "rdfs:label",
                in_languages(
                    f"{name[0]}, phase {ordinal}",
                    f"«{name[1]}», этап {ordinal}",
                    f"{name[0]}, phase {ordinal}",
                    f"«{name[2]}», {ordinal}-кезең",
                ),
            ),
        )
        date = typed(f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", "date")
        agencies = [f"<{a}>" for a in sorted(set(rng.sample(self.agencies, rng.randint(1, 2))))]
        source.graph.add(
            phase,
            ("zh:ordinal", [str(ordinal)]),
            ("schema:superEvent", [f"<{op}>"]),
            ("schema:startDate", [date]),
            ("zh:creditedTo", agencies),
        )
        local = f"{op.rsplit('/', 1)[-1]}-{ordinal}"
        span = source.evidence(rng)
        source.claim(f"{local}-superEvent", ID + phase, "schema:superEvent", f"<{op}>", span)
        source.claim(f"{local}-startDate", ID + phase, "schema:startDate", date, span)
        for agency in agencies:
            suffix = agency.strip("<>").rsplit("/", 1)[-1]
            source.claim(f"{local}-creditedTo-{suffix}", ID + phase, "zh:creditedTo", agency, span)
        men, women, children = rng.randrange(0, 30), rng.randrange(0, 80), rng.randrange(0, 200)
        figures = {"persons": men + women + children, "men": men, "women": women}
        figures["children"] = children
        if rng.random() < 0.6:
            figures["orphans"] = rng.randrange(0, children // 5 + 1)
        for category in POPULATION:
            if category not in figures:
                continue
            count = f"count/{source.key}/{local}/{category}"
            source.graph.add(
                count,
                ("a", ["zh:Count"]),
                ("schema:observationAbout", [f"<{phase}>"]),
                ("zh:category", [f"<category/{category}>"]),
                ("schema:value", [str(figures[category])]),
                ("prov:wasDerivedFrom", [f"<{source.evidence(rng)}>"]),
            )
            self.entities["DESCRIBED"].append(ID + count)
        return children

    def remark(self, source: Source, rng: random.Random, op: str, name: str, local: str) -> None:
        """What a person said about the operation at the source's meeting, and their post."""
        person, agency = rng.choice(self.people), rng.choice(self.agencies)
        meeting = f"<event/meeting-{source.key}>"
        span = source.evidence(rng)
        remark = f"remark/{source.key}/{local}"
        source.graph.add(
            remark,
            ("a", ["zh:Remark"]),
            ("prov:wasAttributedTo", [f"<{person}>"]),
            ("zh:madeAt", [meeting]),
            ("schema:about", [f"<{op}>"]),
            (
                "zh:gist",
                in_languages(
                    f"Praised the organisers of Operation {name}.",
                    f"Поблагодарил организаторов операции «{name}».",
                    f"A salué les organisateurs de l’opération {name}.",
                ),
            ),
            ("prov:wasDerivedFrom", [f"<{span}>"]),
        )
        self.entities["DESCRIBED"].append(ID + remark)
        source.graph.add(
            f"position/{source.key}/{local}",
            ("a", ["zh:PositionHeld"]),
            ("org:member", [f"<{person}>"]),
            ("org:organization", [f"<{agency}>"]),
            ("org:role", ["<role/head>"]),
            ("zh:attestedAt", [meeting]),
            ("prov:wasDerivedFrom", [f"<{span}>"]),
        )


def every_subject(world: World) -> list[str]:
    """The IRI of every resource described, each once, in the order written."""
    graphs = [world.reference, *(source.graph for source in world.sources)]
    return list(dict.fromkeys(ID + subject for graph in graphs for subject in graph.subjects))


def search_terms(world: World, lengths: tuple[int, ...] = (4, 5, 6)) -> list[str]:
    """Pieces of the words of every label, lower-cased: what a label search may look for."""
    terms: dict[str, None] = {}
    for label in world.reference.labels:
        for word in re.findall(r"\w+", label.lower()):
            for length in lengths:
                for start in range(len(word) - length + 1):
                    terms[word[start : start + length]] = None
    return list(terms)
