"""One curator's working copy: the inputs (ontology/, graph/) and the sources folder, and the
operations on them — register a source, add, replace or delete an annotation — each followed
by the checks, whose new findings are kept beside the fact for the page to show."""

from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from server.backends.querying import select
from server.core.namespaces import ID, PREFIXES

from . import annotations as notes
from . import stored_facts as stored
from .document import Metadata, managed_file, read_quads, registration, write_quads
from .review import Findings, Review, compare, review
from .sources import (
    CurationError,
    SourceText,
    check_key,
    next_key,
    place_text,
    read_text,
    registered_checksums,
)

SOURCES_QUERY = """
SELECT ?source ?file ?sha ?lang ?label WHERE {
  ?source a zh:SourceDocument ; dcterms:identifier ?file ; dcterms:language ?lang ;
          spdx:checksum/spdx:checksumValue ?sha .
  OPTIONAL { ?source rdfs:label ?label FILTER(LANG(?label) = "en") }
} ORDER BY ?source"""

SPANS_QUERY = """
SELECT DISTINCT ?source ?fact ?start ?end WHERE {
  ?evidence oa:hasSource ?source ; oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
  ?fact prov:wasDerivedFrom ?evidence .
}"""

SEARCH_QUERY = """
SELECT ?q ?thing (SAMPLE(?name) AS ?label) (SAMPLE(?kind) AS ?type) WHERE {
  ?thing rdfs:label|skos:altLabel|skos:prefLabel ?found .
  FILTER(isIRI(?thing) && CONTAINS(LCASE(STR(?found)), LCASE(STR(?q))))
  FILTER NOT EXISTS { ?thing a zh:Evidence }
  OPTIONAL { ?thing rdfs:label ?name FILTER(LANG(?name) = "en") }
  OPTIONAL { ?thing a ?kind
             FILTER(STRSTARTS(STR(?kind), STR(zh:)) || STRSTARTS(STR(?kind), STR(schema:))) }
} GROUP BY ?q ?thing ORDER BY STRLEN(STR(?thing)) ?thing LIMIT 25"""

VOCABULARY_QUERIES = {
    "categories": """SELECT ?iri (SAMPLE(?l) AS ?label) WHERE {
        VALUES ?scheme { cat:population cat:participation cat:structure }
        ?iri skos:inScheme ?scheme .
        ?iri rdfs:label ?l FILTER(LANG(?l) = "en") } GROUP BY ?iri ORDER BY ?iri""",
    "predicates": """SELECT ?iri (SAMPLE(?l) AS ?label) WHERE {
        { ?iri a owl:ObjectProperty } UNION { [] a zh:Claim ; rdf:predicate ?iri }
        OPTIONAL { ?iri rdfs:label ?l FILTER(LANG(?l) = "en") } } GROUP BY ?iri ORDER BY ?iri""",
    "roles": """SELECT ?iri (SAMPLE(?l) AS ?label) WHERE {
        ?iri a org:Role . OPTIONAL { ?iri rdfs:label ?l FILTER(LANG(?l) = "en") } }
        GROUP BY ?iri ORDER BY ?iri""",
    "qualifiers": """SELECT ?iri (SAMPLE(?l) AS ?label) WHERE {
        ?iri skos:inScheme qualifier:scheme ; rdfs:label ?l FILTER(LANG(?l) = "en") }
        GROUP BY ?iri ORDER BY ?iri""",
}

# Figures and dates a text states in digits or with a month's name (en, fr, ru).
MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[яй]|июн\w*|июл\w*|август\w*|сентябр\w*"
    r"|октябр\w*|ноябр\w*|декабр\w*"
)
DATE = re.compile(
    rf"(?:\b\d{{1,2}}(?:er)?\s+)?\b(?:{MONTHS})\b(?:\s+\d{{4}})?|\b\d{{4}}-\d{{2}}(?:-\d{{2}})?\b",
    re.IGNORECASE,
)
# The project's own nodes (facts, evidence, sources) need no label; the things they name do.
FACT_FOLDERS = tuple(
    ID + folder for folder in ("evidence/", "claim/", "count/", "position/", "remark/", "source/")
)
NUMBER = re.compile(r"(?<![\w-])\d+(?:[  ,.]\d{3})*")


@dataclass
class Change:
    fact: str | None
    findings: Findings
    diff: str
    file: str


@dataclass
class Workspace:
    inputs: Path
    sources: Path
    base: str = PREFIXES["zhbase"]
    lock: threading.Lock = field(default_factory=threading.Lock)
    notes: dict[str, Change] = field(default_factory=dict)  # the last change of each fact
    _review: Review | None = None

    @property
    def graph_folder(self) -> Path:
        return self.inputs / "graph"

    def current(self) -> Review:
        if self._review is None:
            self._review = review(self.inputs, self.base)
        return self._review

    # ---- sources ----------------------------------------------------------------------------

    def registered(self) -> list[dict[str, str]]:
        rows = select(self.current().store, SOURCES_QUERY)
        return [
            {
                "key": row["source"].value.rsplit("/", 1)[-1],
                "file": row["file"].value,
                "sha256": row["sha"].value,
                "language": row["lang"].value,
                "label": row["label"].value if "label" in row else row["file"].value,
            }
            for row in rows
        ]

    def unregistered_files(self) -> list[str]:
        known = {s["file"] for s in self.registered()}
        if not self.sources.is_dir():
            return []
        return sorted(
            p.name
            for p in self.sources.iterdir()
            if p.is_file() and p.suffix == ".txt" and p.name not in known
        )

    def add_source(self, path: Path, meta: Metadata) -> str:
        """Register ``path`` as the next source: its text into the sources folder, its
        description and an empty graph into ``graph/source-NNN.trig``. Returns its key."""
        with self.lock:
            data = path.read_bytes()
            from .sources import sha256_of

            if sha256_of(data) in registered_checksums(self.graph_folder):
                raise CurationError(f"{path.name}: a source with the same sha256 is registered")
            key = next_key(self.graph_folder)
            name, digest = place_text(path, self.sources, key)
            target = self.graph_folder / f"source-{key}.trig"
            if target.exists():
                raise CurationError(f"{target} exists already")
            write_quads(target, key, registration(key, name, digest, meta))
            self._review = None
            return key

    def text(self, key: str) -> SourceText:
        check_key(key)
        for source in self.registered():
            if source["key"] == key:
                return read_text(self.sources, source["file"], source["sha256"])
        raise CurationError(f"no source {key} is registered")

    # ---- reading ----------------------------------------------------------------------------

    def spans(self, key: str) -> list[tuple[int, int, str]]:
        rows = select(
            self.current().store,
            SPANS_QUERY,
            bindings={"source": NamedNode(ID + f"source/{check_key(key)}")},
        )
        return sorted((int(r["start"].value), int(r["end"].value), r["fact"].value) for r in rows)

    def facts(self, key: str) -> list[dict[str, Any]]:
        """The facts of the tool's file for ``key``, each with its form and last findings."""
        quads = read_quads(managed_file(self.graph_folder, key))
        found = []
        for fact, properties in sorted(stored.facts(quads, key).items()):
            found.append(
                {
                    "fact": fact,
                    "form": stored.form_of(properties),
                    "spans": stored.spans(properties),
                    "change": self.notes.get(fact),
                }
            )
        return found

    def search(self, text: str) -> list[dict[str, str]]:
        if len(text.strip()) < 2:
            return []
        rows = select(self.current().store, SEARCH_QUERY, bindings={"q": Literal(text.strip())})
        return [
            {
                "iri": r["thing"].value,
                "label": r["label"].value if "label" in r else r["thing"].value,
                "type": r["type"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                if "type" in r
                else "",
            }
            for r in rows
        ]

    def vocabulary(self) -> dict[str, list[dict[str, str]]]:
        store = self.current().store
        return {
            name: [
                {
                    "iri": r["iri"].value,
                    "label": r["label"].value if "label" in r else r["iri"].value,
                }
                for r in select(store, query)
            ]
            for name, query in VOCABULARY_QUERIES.items()
        }

    def unannotated(self, key: str) -> list[dict[str, Any]]:
        """Numbers and dates of the text that no fact's span covers yet."""
        text = self.text(key).text
        covered = [(s, e) for s, e, _ in self.spans(key)]
        found: list[dict[str, Any]] = []
        taken: list[tuple[int, int]] = []
        for pattern in (DATE, NUMBER):
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(s <= start and end <= e for s, e in taken):
                    continue
                taken.append((start, end))
                if not any(s <= start and end <= e for s, e in covered):
                    found.append(
                        {
                            "start": start,
                            "end": end,
                            "text": match.group(),
                            "paragraph": text.count("\n", 0, start),
                        }
                    )
        return sorted(found, key=lambda item: item["start"])

    # ---- changing ---------------------------------------------------------------------------

    def annotate(self, key: str, data: dict[str, Any], replaces: str | None = None) -> Change:
        """Add an annotation (in place of ``replaces``, when editing one) and check the graph."""
        text = self.text(key).text
        built = notes.build(data, key, text)
        if built.kind == "remark":
            gists = [str(data.get(f"gist_{lang}", "")) for lang in notes.LANGUAGES]
            notes.check_paraphrase(gists, text)
        with self.lock:
            path = managed_file(self.graph_folder, key)
            quads = read_quads(path)
            if replaces:
                quads = stored.without(quads, replaces, key)
            touched = {
                iri
                for iri in (
                    str(t.value)
                    for q in built.quads
                    for t in (q.subject, q.object)
                    if isinstance(t, NamedNode)
                )
                if not iri.startswith(FACT_FOLDERS)
            }
            return self._write(path, key, [*quads, *built.quads], built.fact, touched)

    def delete(self, key: str, fact: str) -> Change:
        with self.lock:
            path = managed_file(self.graph_folder, key)
            quads = stored.without(read_quads(path), fact, key)
            self.notes.pop(fact, None)
            return self._write(path, key, quads, None, set())

    def _write(
        self, path: Path, key: str, quads: list[Any], fact: str | None, touched: set[str]
    ) -> Change:
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        previous = self.current()
        after = write_quads(path, key, quads)
        self._review = None
        diff = "".join(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                f"a/graph/{path.name}",
                f"b/graph/{path.name}",
                n=1,
            )
        )
        change = Change(fact, compare(previous, self.current(), touched), diff, path.name)
        if fact:
            self.notes[fact] = change
        return change
