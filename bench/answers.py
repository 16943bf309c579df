"""Answers normalised so that the engines can be compared: a disagreement fails the run.

SELECT results become multisets of rows (order and the spelling of JSON terms ignored; numbers
compared by value within their family: integer, decimal, floating point). DESCRIBE and CONSTRUCT
answers become multisets of triples; when blank nodes occur their labels differ between engines,
so those triples are compared with the blank nodes erased, which still checks the counts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
FLOATS = {XSD + "double", XSD + "float"}
Term = tuple[Any, ...]


class AnswerError(ValueError):
    """A body that is not a readable answer in the media type it claims."""


@dataclass(frozen=True)
class Answer:
    """One normalised answer: rows for SELECT, triples for DESCRIBE and CONSTRUCT."""

    form: str  # "rows", "triples" or "boolean"
    items: Counter[Any]
    has_blank_nodes: bool = False

    @property
    def size(self) -> int:
        return sum(self.items.values())


def literal_key(value: str, language: str | None, datatype: str | None) -> Term:
    """A literal as a comparable key; plain and xsd:string literals are the same thing."""
    if language:
        return ("literal", value, language.lower())
    if datatype in (None, "", XSD + "string"):
        return ("literal", value, "")
    try:
        if datatype in INTEGERS:
            return ("integer", int(value))
        if datatype == XSD + "decimal":
            return ("decimal", Decimal(value).normalize())
        if datatype in FLOATS:
            return ("double", float(value))
    except (ValueError, InvalidOperation):
        pass  # an ill-formed number is compared by its spelling
    return ("typed", value, datatype)


def json_term(term: dict[str, Any]) -> Term:
    kind = term.get("type")
    if kind == "uri":
        return ("iri", term["value"])
    if kind == "bnode":
        return ("bnode",)
    if kind in ("literal", "typed-literal"):  # Virtuoso still writes the 2008 `typed-literal`
        return literal_key(term["value"], term.get("xml:lang"), term.get("datatype"))
    raise AnswerError(f"unknown term type {kind!r} in SPARQL JSON results")


def rdf_term(term: Any) -> Term:
    if isinstance(term, NamedNode):
        return ("iri", term.value)
    if isinstance(term, BlankNode):
        return ("bnode",)
    if isinstance(term, Literal):
        return literal_key(term.value, term.language, term.datatype.value)
    raise AnswerError(f"unexpected term {term!r}")


def from_json_results(body: bytes) -> Answer:
    try:
        document = json.loads(body)
    except ValueError as error:
        raise AnswerError(f"not JSON: {error}; starts with {body[:120]!r}") from None
    if "boolean" in document:
        return Answer("boolean", Counter([bool(document["boolean"])]))
    try:
        bindings = document["results"]["bindings"]
    except (KeyError, TypeError):
        raise AnswerError(f"no results.bindings; starts with {body[:120]!r}") from None
    rows: Counter[Any] = Counter()
    blank = False
    for binding in bindings:
        row = tuple(sorted((name, json_term(term)) for name, term in binding.items()))
        blank = blank or any(term == ("bnode",) for _, term in row)
        rows[row] += 1
    return Answer("rows", rows, blank)


def from_rdf(body: bytes, media_type: str = "text/turtle") -> Answer:
    fmt = RdfFormat.from_media_type(media_type.split(";")[0].strip()) or RdfFormat.TURTLE
    try:
        triples = [
            (rdf_term(q.subject), rdf_term(q.predicate), rdf_term(q.object))
            for q in parse(body, format=fmt)
        ]
    except SyntaxError as error:
        raise AnswerError(f"not {fmt.name}: {error}; starts with {body[:120]!r}") from None
    blank = any(("bnode",) in triple for triple in triples)
    # Two engines may write the same triple twice or once: a graph is a set.
    return Answer("triples", Counter(set(triples)) if not blank else Counter(triples), blank)


def from_body(body: bytes, accept: str) -> Answer:
    """The answer in a response body, read as the media type the benchmark asked for."""
    if "sparql-results+json" in accept:
        return from_json_results(body)
    return from_rdf(body, accept)


def read_answer(body: bytes, accept: str, content_type: str) -> tuple[Answer, str | None]:
    """The answer in a response, and a remark when it is not in the format asked for.

    rdflib-endpoint answers DESCRIBE in RDF/XML labelled ``application/sparql-results+xml``
    whatever the Accept says; the graph is still compared, and the mislabel reported.
    """
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in ("", accept) or "sparql-results+json" in accept:
        return from_body(body, accept), None
    if body.lstrip().startswith(b"<?xml") and b"<rdf:RDF" in body[:4096]:
        remark = f"answered RDF/XML labelled {media_type}, not the {accept} asked for"
        return from_rdf(body, "application/rdf+xml"), remark
    return from_body(body, accept), f"answered {media_type}, not the {accept} asked for"


def disagreement(expected: Answer, actual: Answer, limit: int = 3) -> str | None:
    """None when the two answers agree; otherwise what differs, briefly."""
    if expected.form != actual.form:
        return f"answer forms differ: {expected.form} vs {actual.form}"
    if expected.items == actual.items:
        return None
    missing = list((expected.items - actual.items).elements())[:limit]
    extra = list((actual.items - expected.items).elements())[:limit]
    parts = [f"{expected.size} vs {actual.size} {expected.form}"]
    if missing:
        parts.append(f"missing e.g. {_short(missing)}")
    if extra:
        parts.append(f"unexpected e.g. {_short(extra)}")
    return "; ".join(parts)


def _short(items: list[Any]) -> str:
    text = "; ".join(repr(item) for item in items)
    return text if len(text) < 600 else text[:600] + "…"
