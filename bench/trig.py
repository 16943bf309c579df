"""Writing TriG by hand, resource by resource, as the project's own graph files are laid out;
fast enough for a million triples, and counting them as it goes."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

PREFIXES = """BASE <https://w3id.org/zhusan/id/>
PREFIX zh: <https://w3id.org/zhusan/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""

LANGUAGES = ("en", "ru", "fr", "kk")


def lit(text: str, lang: str | None = None) -> str:
    """A Turtle string literal, escaped, with an optional language tag."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def in_languages(*texts: str) -> list[str]:
    """The literals of one text in en, ru, fr and kk, in that order (the first ones given)."""
    if len(texts) > len(LANGUAGES):
        raise ValueError(f"one text per language of {LANGUAGES}, not {len(texts)}")
    return [lit(text, lang) for text, lang in zip(texts, LANGUAGES, strict=False)]


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


@dataclass
class Graph:
    """One GRAPH block of TriG, written resource by resource, counting its triples."""

    name: str
    comment: str
    chunks: list[str] = field(default_factory=list)
    triples: int = 0
    subjects: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # the text of every rdfs:label

    def add(self, subject: str, *pairs: tuple[str, Iterable[str]]) -> None:
        parts = []
        self.subjects.append(subject)
        for predicate, objects in pairs:
            values = list(objects)
            if values:
                parts.append(f"{predicate} {' , '.join(values)}")
                self.triples += len(values)
            if predicate == "rdfs:label":
                self.labels += [v[1 : v.rindex('"')] for v in values]
        self.chunks.append(f"  <{subject}> " + " ;\n    ".join(parts) + " .\n")

    def note(self, text: str) -> None:
        self.chunks.append(f"\n  # {text}\n")

    def text(self) -> str:
        return f"# {self.comment}\nGRAPH <{self.name}> {{\n" + "".join(self.chunks) + "}\n"


@dataclass
class Source:
    """A synthetic source document: its graph and the next free offset in its text."""

    key: str
    graph: Graph
    cursor: int = 0
    claims: list[str] = field(default_factory=list)

    def evidence(self, rng: random.Random) -> str:
        """A new span of this source's text, written as zh:Evidence with its selector."""
        start = self.cursor + rng.randrange(5, 60)
        end = start + rng.randrange(10, 90)
        self.cursor = end
        iri = f"evidence/{self.key}/{start}-{end}"
        self.graph.add(
            iri,
            ("a", ["zh:Evidence"]),
            ("oa:hasSource", [f"<source/{self.key}>"]),
            ("zh:paragraph", [str(start // 600)]),
            ("oa:hasSelector", [f"<{iri}#selector>"]),
        )
        self.graph.add(
            f"{iri}#selector",
            ("a", ["oa:TextPositionSelector"]),
            ("oa:start", [str(start)]),
            ("oa:end", [str(end)]),
        )
        return iri

    def claim(self, name: str, subject: str, predicate: str, obj: str, evidence: str) -> None:
        """Reify one stated triple as a zh:Claim derived from ``evidence``."""
        self.claims.append(f"claim/{self.key}/{name}")
        self.graph.add(
            f"claim/{self.key}/{name}",
            ("a", ["zh:Claim"]),
            ("rdf:subject", [f"<{subject}>"]),
            ("rdf:predicate", [predicate]),
            ("rdf:object", [obj]),
            ("prov:wasDerivedFrom", [f"<{evidence}>"]),
        )
