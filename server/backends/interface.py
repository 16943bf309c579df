"""What every feature may ask of the graph, whichever backend holds it: the `Backend` protocol,
and the queries every backend answers alike."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pyoxigraph import QueryBoolean, QuerySolutions, QueryTriples

from server.core.formats import Format

if TYPE_CHECKING:
    from server.backends.jobs import QueryJob, QueryOutcome

Answer = QuerySolutions | QueryBoolean | QueryTriples


class Backend(Protocol):
    """What every feature may ask of the store, whichever backend holds it."""

    name: str

    @property
    def version(self) -> str: ...
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def dumps(self) -> Path | None: ...
    @property
    def timeouts(self) -> int: ...
    def unavailable(self) -> str | None:
        """Why the backend cannot answer queries now; None when it can (for /healthz)."""
        ...

    def public_query(self, job: QueryJob) -> QueryOutcome: ...
    def internal_query(self, query: str, **bindings: Any) -> Answer: ...
    def evaluate(
        self, query: str, *, inference: bool = True, bindings: dict[str, Any] | None = None
    ) -> Answer: ...
    def graph_body(self, graph: str | None, fmt: Format) -> bytes: ...
    def dataset_body(self, fmt: Format) -> bytes: ...
    def sources(self) -> list[dict[str, str]]: ...
    def close(self) -> None: ...


def list_sources(backend: Backend) -> list[dict[str, str]]:
    """The source documents: IRI, identifier, title, language and sha256."""
    rows = backend.internal_query(SOURCES_QUERY)
    assert isinstance(rows, QuerySolutions)
    return [{k: row[k].value for k in ("source", "file", "title", "lang", "sha")} for row in rows]


SOURCES_QUERY = """
SELECT ?source ?file ?title ?lang ?sha WHERE {
  ?source a zh:SourceDocument ; dcterms:identifier ?file ; dcterms:language ?lang ;
          spdx:checksum/spdx:checksumValue ?sha .
  { SELECT ?source (SAMPLE(?t) AS ?title) WHERE { ?source dcterms:title ?t } GROUP BY ?source }
} ORDER BY ?source"""
