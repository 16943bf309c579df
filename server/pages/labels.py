"""What every page needs to name and explain a resource, read once per store version.

Fixed queries (index_queries.py) fetch the names (labels, alternative labels, titles,
descriptions, gists), types, claims, counts, evidence spans, source documents, positions,
remarks, ordinals and inverse properties of the whole graph — a few thousand rows — into one
`PageIndex`, kept per application and store version. A name is looked for in the chosen
language (the graph's label, else the interface's name of a reused term such as
schema:startDate), then en → ru → fr → kk, then a name made from the resource's facts (a count,
an evidence span, a claim, a position, a remark), and last the IRI's last segment. This is the
one label function: entity pages, lists, search and the graph view all name things through it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from flask_babel import force_locale, gettext
from pyoxigraph import Literal, NamedNode, QuerySolutions

from server.core.namespaces import DCTERMS, RDFS, SCHEMA, SKOS, ZH, source_key
from server.core.state import app_state
from server.i18n import LANGUAGES, fallback_chain, more_than
from server.pages.index_queries import (
    CATEGORY_ORDER,
    CLAIMS_QUERY,
    COUNTS_QUERY,
    EVIDENCE_QUERY,
    INVERSES_QUERY,
    LITERALS_QUERY,
    ORDINALS_QUERY,
    POSITIONS_QUERY,
    REMARKS_QUERY,
    SOURCES_QUERY,
    TYPES_QUERY,
    Claim,
    Count,
    Position,
    Remark,
    Source,
    Span,
)
from server.pages.reused_terms import term_name

__all__ = [
    "CATEGORY_ORDER",
    "Claim",
    "Count",
    "PageIndex",
    "Position",
    "Remark",
    "Source",
    "Span",
    "cached",
    "page_index",
    "source_name",
]

T = TypeVar("T")

LABEL = RDFS + "label"
PREF_LABEL = SKOS + "prefLabel"
ALT_LABEL = SKOS + "altLabel"
TITLE = DCTERMS + "title"
DESCRIPTION = SCHEMA + "description"
DEFINITION = SKOS + "definition"
GIST = ZH + "gist"
NAME_PROPERTIES = (LABEL, PREF_LABEL, TITLE)
DESCRIPTION_PROPERTIES = (DESCRIPTION, DEFINITION)
GIST_SHOWN = 60  # characters of a remark's gist that its made name quotes


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


def _add(values: list[str], term: Any) -> None:
    if term is not None and term.value not in values:
        values.append(term.value)


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
        self.ordinals: dict[str, int] = {}
        self.inverses: dict[str, str] = {}  # a property → the property that reads it backwards
        self.positions: dict[str, Position] = {}
        self.remarks: dict[str, Remark] = {}
        self.supports: dict[str, list[str]] = defaultdict(list)  # evidence → claims, counts
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
        index._read_more(backend)
        for claim in index.claims.values():
            claim.evidence.sort(key=index.span_order)
        for count in index.counts.values():
            count.evidence.sort(key=index.span_order)
        for claim in index.claims.values():
            index._by_triple[(claim.subject, claim.predicate, str(claim.object))].append(claim)
        facts: list[Claim | Count] = [*index.claims.values(), *index.counts.values()]
        for found in facts:
            for evidence in found.evidence:
                index.supports[evidence].append(found.iri)
        return index

    def _read_more(self, backend: Any) -> None:
        """Ordinals, inverse properties, positions and remarks: what made names and summaries
        need beyond labels."""
        for row in _rows(backend, ORDINALS_QUERY):
            if (n := _int(row["n"])) is not None:
                self.ordinals[row["x"].value] = n
        for row in _rows(backend, INVERSES_QUERY):
            self.inverses.setdefault(row["p"].value, row["q"].value)
            self.inverses.setdefault(row["q"].value, row["p"].value)
        for row in _rows(backend, POSITIONS_QUERY):
            position = self.positions.setdefault(
                row["x"].value, Position(row["x"].value, row["member"].value)
            )
            for name, attribute in (
                ("role", "role"),
                ("organization", "organization"),
                ("at", "attested_at"),
            ):
                if row[name] is not None:
                    setattr(position, attribute, row[name].value)
            _add(position.evidence, row["evidence"])
        for row in _rows(backend, REMARKS_QUERY):
            remark = self.remarks.setdefault(row["x"].value, Remark(row["x"].value))
            if row["speaker"] is not None:
                remark.speaker = row["speaker"].value
            if row["event"] is not None:
                remark.event = row["event"].value
            _add(remark.about, row["about"])
            _add(remark.evidence, row["evidence"])
        for evidence in (
            *(p.evidence for p in self.positions.values()),
            *(r.evidence for r in self.remarks.values()),
        ):
            evidence.sort(key=self.span_order)

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
            return made
        return last_segment(iri), ""

    def has_name(self, iri: str, lang: str) -> bool:
        """Whether the resource has a human name (its own or one made from its facts), rather
        than the last segment of its IRI."""
        return self.label_with_language(iri, lang) != (last_segment(iri), "")

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

    def short_name(self, iri: str, lang: str) -> str:
        """An abbreviation in exactly the reader's language when the graph gives one (CTED,
        КНБ), else the label: for names inside other names."""
        label = self.label(iri, lang)
        short = [t for t, c in self.literals.get(iri, {}).get(ALT_LABEL, ()) if c == lang]
        short = [t for t in short if t.isupper() and len(t) < len(label)]
        return min(short, key=len) if short else label

    def _made_name(self, iri: str, lang: str) -> tuple[str, str] | None:
        """A name made from the facts of a resource that has no label of its own, with its
        language (a remark quoted in another language is marked as such)."""
        with force_locale(lang):
            if iri in self.remarks:
                return self._remark_name(self.remarks[iri], lang)
            made = self._made_name_in_locale(iri, lang)
        return (made, lang) if made else None

    def _made_name_in_locale(self, iri: str, lang: str) -> str | None:
        if iri in self.counts:
            count = self.counts[iri]
            figure = self.figure_text(count, lang)
            return f"{self.label(count.scope, lang)} — {self.label(count.category, lang)}: {figure}"
        if iri in self.spans:
            span = self.spans[iri]
            if span.start is None or span.end is None:
                return self.span_name(span, lang)
            # In a list, spans of one paragraph differ by their characters only.
            return gettext(
                "%(passage)s, characters %(start)s–%(end)s",
                passage=self.span_name(span, lang),
                start=span.start,
                end=span.end,
            )
        if iri in self.claims:
            claim = self.claims[iri]
            value = (
                self.label(claim.object.value, lang)
                if isinstance(claim.object, NamedNode)
                else claim.object.value
            )
            subject, predicate = self.label(claim.subject, lang), self.label(claim.predicate, lang)
            name = f"{subject} — {predicate} — {value}"
            source = self.source_of(claim.evidence)
            return f"{name} ({source_name(source)})" if source else name
        if iri in self.positions:
            position = self.positions[iri]
            what = ", ".join(
                self.short_name(part, lang)
                if part == position.organization
                else self.label(part, lang)
                for part in (position.role, position.organization)
                if part
            )
            return f"{self.label(position.member, lang)} — {what}" if what else None
        base, hash_mark, fragment = iri.partition("#")
        if hash_mark and base in self.literals:
            return f"{self.label(base, lang)} #{fragment}"
        return None

    def span_name(self, span: Span, lang: str) -> str:
        """An evidence span named by its source in words and its paragraph."""
        source = self.label(span.source, lang)
        if span.paragraph is None:
            return source
        return gettext("%(source)s, paragraph %(n)s", source=source, n=span.paragraph)

    def _remark_name(self, remark: Remark, lang: str) -> tuple[str, str] | None:
        """A remark named by its speaker, its event and the start of its gist."""
        if remark.speaker is None:
            return None
        speaker = self.label(remark.speaker, lang)
        if remark.event:
            who = gettext(
                "%(speaker)s at %(event)s",
                speaker=speaker,
                event=self.short_name(remark.event, lang),
            )
        else:
            who = speaker
        gist = self.text_in(remark.iri, (GIST,), lang)
        if gist is None:
            return who, lang
        text, gist_lang = gist
        if len(text) > GIST_SHOWN:
            text = text[:GIST_SHOWN].rsplit(" ", 1)[0] + "…"
        return f"{who}: “{text}”", gist_lang

    def figure_text(self, count: Count, lang: str) -> str:
        return more_than(count.value, lang) if count.more_than else str(count.value)

    # ---- facts ---------------------------------------------------------------------------

    def inverse(self, predicate: str) -> str | None:
        """The property that states ``predicate`` the other way round, if the ontology has one."""
        return self.inverses.get(predicate)

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
