"""A client's query as the backends take it (`QueryJob`), what they give back (`QueryOutcome`),
and the ways answering it can fail.

A job is checked once, when it is made: its form and media type must fit, its graphs must be
IRIs, and its text is lexed once (by the endpoint, which passes the shape on, or here). Every
backend then trusts it. Each kind of failure is one of core/errors.py's classes, so the one
error handler gives it its status, its message and, for a retry, its Retry-After.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode, QueryResultsFormat, RdfFormat

from server.backends.answer_limits import format_for
from server.core.errors import (
    Busy,
    Forbidden,
    MalformedQuery,
    QueryFailedError,
    QueryTimedOut,
    ServiceError,
)
from server.core.sparql_text import QueryShape, inspect_query


@dataclass(frozen=True)
class QueryJob:
    """One query with everything needed to evaluate and serialize it.

    >>> QueryJob("ASK {}", "ASK", "text/turtle")
    Traceback (most recent call last):
    ...
    ValueError: text/turtle cannot carry the results of ASK
    """

    query: str
    form: str  # "SELECT" | "ASK" | "CONSTRUCT" | "DESCRIBE", known by the caller
    media_type: str  # negotiated; must suit the form
    # The request's dataset (default-graph-uri, named-graph-uri). Both empty: the query's own
    # FROM / FROM NAMED, else the merge of all graphs and every named graph. One given alone:
    # the other part is empty, as SPARQL 1.1 Protocol section 2.1.4 reads.
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()  # predeclared for the query
    base_iri: str | None = None  # relative IRIs in the query resolve against it
    # What the lexer read in ``query``; inspected here when the caller has not done so.
    shape: QueryShape = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        format_for(self.form, self.media_type)  # ValueError: the caller's mistake
        for iri in (*self.default_graphs, *self.named_graphs):
            NamedNode(iri)  # ValueError for a bad IRI
        if self.shape is None:
            object.__setattr__(self, "shape", inspect_query(self.query))

    @property
    def target(self) -> QueryResultsFormat | RdfFormat:
        """pyoxigraph's format for the answer (its objects cannot be sent to a worker)."""
        return format_for(self.form, self.media_type)


@dataclass(frozen=True)
class QueryOutcome:
    """A serialized answer and what the caller needs to describe it."""

    body: bytes
    media_type: str  # the canonical media type of the format written
    rows: int  # solutions or triples written (1 for ASK)
    truncated: bool  # more were available than the row or byte limit let through
    seconds: float  # evaluation and serialization time inside the worker


class QueryError(ServiceError):
    """A client's query could not be answered; each kind below has its own status."""


class QuerySyntaxError(QueryError, MalformedQuery):
    """pyoxigraph rejected the text; the message gives line and column."""


class QueryTimeout(QueryError, QueryTimedOut):
    """The evaluation passed the time limit and was given up (its worker killed)."""

    @classmethod
    def after(cls, seconds: float) -> QueryTimeout:
        return cls(f"the query ran longer than {seconds:g} s and was stopped")


class QueryFailed(QueryError, QueryFailedError):
    """Evaluation failed, or the worker died."""


class QueryBusy(QueryError, Busy):
    """No worker became free within the queue wait."""


class QueryRefused(QueryError, Forbidden):
    """The query would call another service, which this endpoint never does."""
