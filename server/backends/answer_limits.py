"""Answers cut to the row and size limits, written by pyoxigraph's serializers.

Shared by the query workers of the embedded store and by the `sparql` backend, so both
answer alike. Solutions are first written as SPARQL TSV, where one line is one solution and
every term survives the round trip, so rows can be counted and cut without parsing; the kept
lines are parsed back and written in the asked format.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from pyoxigraph import (
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

from server.store.rdf_documents import candidate_prefixes

RESULT_FORMS = ("SELECT", "ASK")
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


def format_for(form: str, media_type: str) -> QueryResultsFormat | RdfFormat:
    """The pyoxigraph format of ``media_type`` for a query of ``form``; ValueError if none."""
    if form in RESULT_FORMS:
        found: QueryResultsFormat | RdfFormat | None
        found = QueryResultsFormat.from_media_type(media_type)
    elif form in GRAPH_FORMS:
        found = RdfFormat.from_media_type(media_type)
    else:
        raise ValueError(f"unknown query form {form!r}")
    if found is None:
        raise ValueError(f"{media_type} cannot carry the results of {form}")
    return found


class AnswerMismatch(TypeError):
    """The answer is not of the kind the format carries (solutions as RDF, triples as results)."""


def write_answer(
    answer: QueryBoolean | QuerySolutions | Iterable[Triple],
    target: QueryResultsFormat | RdfFormat,
    prefixes: dict[str, str],
    max_rows: int,
    max_bytes: int,
) -> tuple[bytes, int, bool]:
    """Any answer in ``target``, cut to the limits: the body, the rows kept (1 for a boolean),
    whether it was cut."""
    if isinstance(target, QueryResultsFormat):
        if isinstance(answer, QueryBoolean):
            return answer.serialize(format=target) or b"", 1, False
        if isinstance(answer, QuerySolutions):
            return write_solutions(answer, target, max_rows, max_bytes)
    elif not isinstance(answer, QueryBoolean | QuerySolutions):
        return write_triples(answer, target, prefixes, max_rows, max_bytes)
    raise AnswerMismatch(f"{type(answer).__name__} cannot be written as {target.media_type}")


class _Enough(Exception):
    """Raised from inside pyoxigraph's serializer to stop it at a limit."""


class _TsvSink(io.BytesIO):
    """Collects TSV output, stopping the serializer after enough lines or bytes."""

    def __init__(self, max_lines: int, max_bytes: int) -> None:
        super().__init__()
        self.lines = 0
        self._max_lines = max_lines
        self._max_bytes = max_bytes

    def write(self, chunk: Any) -> int:
        written = super().write(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines > self._max_lines or self.tell() > self._max_bytes:
            raise _Enough
        return written


def write_solutions(
    solutions: QuerySolutions, target: QueryResultsFormat, max_rows: int, max_bytes: int
) -> tuple[bytes, int, bool]:
    """The solutions in ``target``, cut to the limits: the body, the rows kept, if cut."""
    # Stop once the header and max_rows + 1 rows are in: that tells "more" from "exactly".
    sink = _TsvSink(max_rows + 1, max_bytes)
    try:
        solutions.serialize(sink, format=QueryResultsFormat.TSV)
        truncated = False
    except _Enough:
        truncated = True
    tsv = sink.getvalue()
    complete_lines = tsv.count(b"\n", 0, max_bytes) if len(tsv) > max_bytes else sink.lines
    available = complete_lines - 1  # whole rows written before a limit was passed
    if available < 0:
        raise ValueError("the result header alone exceeds the size limit")
    truncated = truncated or available > max_rows

    def encode(count: int) -> bytes:
        head = _tsv_head(tsv, count)
        if target == QueryResultsFormat.TSV:
            return head
        out = io.BytesIO()
        parse_query_results(head, QueryResultsFormat.TSV).serialize(out, format=target)
        return out.getvalue()

    return _fit(encode, min(available, max_rows), max_bytes, truncated)


def _tsv_head(tsv: bytes, rows: int) -> bytes:
    """The header line and the first ``rows`` lines of ``tsv``."""
    end = -1
    for _ in range(rows + 1):
        end = tsv.index(b"\n", end + 1)
    return tsv[: end + 1]


def write_triples(
    triples: Iterable[Triple],
    target: RdfFormat,
    prefixes: dict[str, str],
    max_rows: int,
    max_bytes: int,
) -> tuple[bytes, int, bool]:
    """The triples (any iterable) in ``target``, cut to the limits, as `write_solutions`."""
    taken: list[Triple] = list(itertools.islice(triples, max_rows + 1))
    truncated = len(taken) > max_rows
    statements: list[Triple] | list[Quad] = taken[:max_rows]
    if target.supports_datasets:
        statements = [Quad(t.subject, t.predicate, t.object) for t in taken[:max_rows]]
    # Only the prefixes the answer's IRIs fall under, as in the linked-data documents: a
    # seven-triple DESCRIBE does not open with every prefix the endpoint predeclares.
    used = {p: ns for p, ns in candidate_prefixes(statements).items() if prefixes.get(p) == ns}

    def encode(count: int) -> bytes:
        out = io.BytesIO()
        serialize(statements[:count], out, format=target, prefixes=used)
        return out.getvalue()

    return _fit(encode, len(statements), max_bytes, truncated)


def _fit(
    encode: Callable[[int], bytes], rows: int, max_bytes: int, truncated: bool
) -> tuple[bytes, int, bool]:
    """Encode ``rows`` rows, dropping rows until the body fits in ``max_bytes``."""
    body = encode(rows)
    while len(body) > max_bytes and rows > 0:
        # Rows differ in size, so shrink in proportion with a margin and try again.
        rows = min(rows - 1, int(rows * max_bytes / len(body) * 0.9))
        body = encode(rows)
        truncated = True
    if len(body) > max_bytes:
        raise ValueError("even an empty result exceeds the size limit")
    return body, rows, truncated
