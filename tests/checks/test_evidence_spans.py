"""Every evidence span lies inside its document, whose sha256 matches, and contains what the
fact it supports says: the figure (in digits or in words), the year of a date, or the name of
a thing the fact is about (matched on word stems, since Russian and French inflect names)."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Store

from server.backends.querying import select

from ..conftest import sources_dir

# Figures the Russian and French articles write as words.
NUMBER_WORDS = {
    1: ("одна", "один", "une", "un"),
    2: ("двух", "два", "две", "deux"),
    3: ("трое", "три", "trois"),
    4: ("четверо", "четыре", "quatre"),
    5: ("пять", "cinq"),
    6: ("шестеро", "шесть", "six"),
    7: ("семеро", "семь", "sept"),
    8: ("восемь", "huit"),
    9: ("девять", "neuf"),
    18: ("восемнадцать", "dix-huit"),
}
MONTHS = {
    "ru": (
        "январ",
        "феврал",
        "март",
        "апрел",
        "ма",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

EVIDENCE_QUERY = """
SELECT ?evidence ?source ?file ?sha ?lang ?start ?end WHERE {
  ?evidence a zh:Evidence ; oa:hasSource ?source ;
            oa:hasSelector [ oa:start ?start ; oa:end ?end ] .
  ?source dcterms:identifier ?file ; dcterms:language ?lang ;
          spdx:checksum/spdx:checksumValue ?sha .
}"""

# What each fact says that its span must show: (fact, kind, anchor term).
ANCHORS_QUERY = """
SELECT ?evidence ?fact ?kind ?anchor WHERE {
  ?fact prov:wasDerivedFrom ?evidence .
  {
    ?fact a zh:Count ; schema:value|zh:moreThan ?anchor . BIND("figure" AS ?kind)
  } UNION {
    ?fact a zh:Claim ; rdf:object ?anchor . FILTER(isLiteral(?anchor)) BIND("date" AS ?kind)
  } UNION {
    ?fact a zh:Claim ; rdf:object ?object ; rdf:subject|rdf:object ?anchor .
    FILTER(isIRI(?object)) BIND("name" AS ?kind)
  } UNION {
    ?fact org:member|org:organization|org:role|prov:wasAttributedTo|schema:about|zh:madeAt
          ?anchor .
    BIND("name" AS ?kind)
  }
}"""

NAMES_QUERY = """
SELECT ?thing ?name WHERE { ?thing rdfs:label|skos:altLabel|skos:prefLabel ?name }"""


def stem(word: str) -> str:
    word = word.lower()
    return word[: max(3, len(word) - 2)]


def mentions(span: str, name: str) -> bool:
    """All words of ``name`` occur in ``span`` as word stems (case-insensitive)."""
    span_words = [w.lower() for w in WORD.findall(span)]
    name_words = [w for w in WORD.findall(name) if len(w) >= 2]
    if not name_words:
        return False
    return all(any(s.startswith(stem(w)) for s in span_words) for w in name_words)


def shows_figure(span: str, value: int) -> bool:
    if re.search(rf"(?<!\d){value}(?!\d)", span):
        return True
    words = {w.lower() for w in WORD.findall(span)}
    return any(word in words or word in span.lower() for word in NUMBER_WORDS.get(value, ()))


def shows_date(span: str, literal: Literal, lang: str) -> bool:
    parts = literal.value.split("-")
    if parts[0] not in span:
        return False
    if len(parts) >= 2:
        month = MONTHS[lang][int(parts[1]) - 1]
        if month not in span.lower() and parts[1] not in span:
            return False
    day_shown = len(parts) < 3 or re.search(rf"(?<!\d)0?{int(parts[2])}(?!\d)", span)
    return bool(day_shown)


@pytest.fixture(scope="module")
def texts(store: Store) -> dict[str, str]:
    """Each source's text, after checking the file's sha256 against the graph."""
    folder: Path = sources_dir()
    found = {}
    for row in select(
        store,
        "SELECT DISTINCT ?source ?file ?sha WHERE { ?source a zh:SourceDocument ;"
        " dcterms:identifier ?file ; spdx:checksum/spdx:checksumValue ?sha }",
    ):
        data = (folder / row["file"].value).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha"].value, row["file"].value
        found[row["source"].value] = data.decode("utf-8")
    assert len(found) == 2
    return found


def test_every_source_document_matches_its_checksum(texts: dict[str, str]) -> None:
    assert all(texts.values())


def test_every_evidence_span_lies_inside_its_document(store: Store, texts: dict[str, str]) -> None:
    rows = select(store, EVIDENCE_QUERY)
    assert len(rows) > 50
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert 0 <= start < end <= len(texts[row["source"].value]), row["evidence"].value


def test_every_fact_has_an_evidence_span(store: Store) -> None:
    missing = select(
        store,
        """
        SELECT ?fact WHERE {
          VALUES ?kind { zh:Count zh:Claim zh:PositionHeld zh:Remark }
          ?fact a ?kind .
          FILTER NOT EXISTS { ?fact prov:wasDerivedFrom/oa:hasSelector/oa:start ?s }
        }""",
    )
    assert missing == []


def test_every_span_shows_what_its_fact_says(store: Store, texts: dict[str, str]) -> None:
    spans = {r["evidence"].value: r for r in select(store, EVIDENCE_QUERY)}
    names: dict[str, list[Literal]] = defaultdict(list)
    for row in select(store, NAMES_QUERY):
        names[row["thing"].value].append(row["name"])
    # A fact is supported when at least one of its anchors of each kind shows in the span.
    support: dict[tuple[str, str, str], bool] = {}
    for row in select(store, ANCHORS_QUERY):
        span_row = spans[row["evidence"].value]
        lang = span_row["lang"].value
        source_text = texts[span_row["source"].value]
        span = source_text[int(span_row["start"].value) : int(span_row["end"].value)]
        key = (row["fact"].value, row["evidence"].value, row["kind"].value)
        anchor = row["anchor"]
        if row["kind"].value == "figure":
            ok = shows_figure(span, int(anchor.value))
        elif row["kind"].value == "date":
            ok = shows_date(span, anchor, lang)
        else:
            assert isinstance(anchor, NamedNode)
            ok = any(mentions(span, n.value) for n in names[anchor.value] if n.language == lang)
        support[key] = support.get(key, False) or ok
    unsupported = sorted(k for k, ok in support.items() if not ok)
    assert len(support) > 100
    assert unsupported == [], "\n".join(" ".join(k) for k in unsupported)


@pytest.mark.parametrize(
    ("span", "value", "expected"),
    [
        ("16 мужчин", 16, True),
        ("восемнадцать из которых сироты", 18, True),
        ("160 детей", 16, False),
        ("plus de 600", 600, True),
        ("шестеро мужчин", 7, False),
    ],
)
def test_figure_matching_rule(span: str, value: int, expected: bool) -> None:
    assert shows_figure(span, value) is expected


def test_name_matching_follows_inflection() -> None:
    assert mentions(
        "благодаря Комитету национальной безопасности РК", "Комитет национальной безопасности РК"
    )
    assert not mentions("при поддержке США", "Комитет национальной безопасности")
