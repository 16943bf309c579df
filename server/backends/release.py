"""The release held by a remote engine, described inside it, and the few HTTP helpers that
reading it needs.

`zhusan-kg build --load-into` (loading.py) writes the graph
<https://w3id.org/zhusan/graph/release>: the release's content hash, the deployment's IRI space
and the number of triples in each graph. The sparql backend (remote.py) reads it when
it starts, so that every replica in front of one engine has the same version, hence the same
ETags, taken from the data itself; both compare it with the engine's own counts.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import requests
import urllib3
from pyoxigraph import (
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse,
    parse_query_results,
)

from server.core.errors import BackendUnavailable, ServiceError
from server.core.formats import accept_header
from server.core.namespaces import DCTERMS, GRAPH
from server.store import disk as stores

GRAPH_RELEASE = GRAPH + "release"
# The merge of the release's graphs, each triple once: the default graph of every query that
# names no dataset, named by its IRI because the protocol cannot name an engine's own default
# graph, and Virtuoso has none apart from the union of all its graphs.
GRAPH_MERGED = GRAPH + "merged"
VOID = "http://rdfs.org/ns/void#"
RESULTS_ACCEPT = accept_header("json", "xml")
CONNECT_TIMEOUT = 5.0
ERROR_TEXT = 1000  # characters of an engine's error message passed on

RELEASE_QUERY = f"""
SELECT ?hash ?space ?graph ?triples WHERE {{ GRAPH <{GRAPH_RELEASE}> {{
  <{GRAPH_RELEASE}> <{DCTERMS}identifier> ?hash ; <{VOID}uriSpace> ?space .
  OPTIONAL {{ ?graph <{VOID}triples> ?triples }}
}} }}"""
COUNTS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

# A SELECT over a dataset whose default and named graphs are the given ones.
Select = Callable[[str, tuple[str, ...]], QuerySolutions]


class RemoteStoreError(stores.StoreError):
    """The engine is unreachable, holds no release, or not the release it says."""


@dataclass(frozen=True)
class Release:
    """What `zhusan-kg build --load-into` wrote into an engine, as read back from it."""

    content_hash: str
    uri_space: str  # the deployment's base + "id/"
    counts: dict[str, int]  # triples per named graph of the release
    merged: int | None = None  # triples in GRAPH_MERGED; None from a loader before that graph

    @property
    def loaded(self) -> dict[str, int]:
        """Triples in each graph loaded into the engine: the named graphs and their merge."""
        return {**self.counts, GRAPH_MERGED: self.merged or 0}


def read_release(select: Select) -> Release | None:
    """The release described in the engine's release graph; None when there is none."""
    rows = list(select(RELEASE_QUERY, (GRAPH_RELEASE,)))
    if not rows:
        return None
    counts = {
        row["graph"].value: int(row["triples"].value) for row in rows if row["graph"] is not None
    }
    merged = counts.pop(GRAPH_MERGED, None)
    return Release(rows[0]["hash"].value, rows[0]["space"].value, counts, merged)


def count_graphs(select: Select, graphs: tuple[str, ...]) -> dict[str, int]:
    """Triples in each of ``graphs`` as the engine counts them (0 for a missing graph)."""
    found = {row["g"].value: int(row["n"].value) for row in select(COUNTS_QUERY, graphs)}
    return {graph: found.get(graph, 0) for graph in graphs}


def differences(expected: Mapping[str, int], found: Mapping[str, int]) -> list[str]:
    """One line per graph whose count is not the expected one."""
    return [
        f"<{graph}>: {found.get(graph, 0)} triples, expected {expected.get(graph, 0)}"
        for graph in sorted(set(expected) | set(found))
        if expected.get(graph, 0) != found.get(graph, 0)
    ]


def session() -> requests.Session:
    """An HTTP session for talking to an engine, which reads past Virtuoso's echo of the graphs.

    Virtuoso echoes every ``default-graph-uri`` and ``named-graph-uri`` of a request as an
    ``X-SPARQL-default-graph`` or ``X-SPARQL-named-graph`` header, and Python's http.client
    (under requests) refuses a response with more than 100 headers: the application's own
    queries and the count checks name every graph of the release, so past about 45 graphs every
    answer was lost. This session's connections skip those echoes as they read a response's
    head; every other header still counts against http.client's limit.
    """
    engine = requests.Session()
    engine.headers["User-Agent"] = "zhusan-kg (sparql backend)"
    adapter = _EchoSkippingAdapter()
    engine.mount("http://", adapter)
    engine.mount("https://", adapter)
    return engine


_ECHOES = (b"x-sparql-default-graph:", b"x-sparql-named-graph:")


class _WithoutEchoes:
    """A response's socket file, whose lines skip the echoed graphs."""

    def __init__(self, fp: Any) -> None:
        self._fp = fp

    def readline(self, limit: int = -1) -> bytes:
        while True:
            line: bytes = self._fp.readline(limit)
            if not line.lower().startswith(_ECHOES):
                return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fp, name)


class _EchoSkippingResponse(http.client.HTTPResponse):
    def begin(self) -> None:
        body, head = self.fp, _WithoutEchoes(self.fp)
        self.fp = head  # type: ignore[assignment]
        try:
            super().begin()
        finally:
            if self.fp is head:  # only the head is read without the echoes, never the body
                self.fp = body


class _Connection(urllib3.connection.HTTPConnection):
    response_class = _EchoSkippingResponse


class _SecureConnection(urllib3.connection.HTTPSConnection):
    response_class = _EchoSkippingResponse


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _Connection


class _SecurePool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _SecureConnection


class _EchoSkippingAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}
        return manager


def endpoint_select(url: str, timeout: float = 120.0) -> Select:
    """`Select` over a query endpoint, for the loader's count check."""

    def select(query: str, graphs: tuple[str, ...]) -> QuerySolutions:
        try:
            with session() as engine:
                response = engine.post(
                    url,
                    data=dataset_fields([("query", query)], graphs, graphs),
                    headers={"Accept": RESULTS_ACCEPT},
                    timeout=(CONNECT_TIMEOUT, timeout),
                )
        except requests.RequestException as error:
            raise RemoteStoreError(f"cannot query the SPARQL engine at {url}: {error}") from None
        if response.status_code != 200:
            raise RemoteStoreError(
                f"the SPARQL engine at {url} answered {response.status_code}: "
                f"{response.text[:ERROR_TEXT]}"
            )
        try:
            answer = parse_results(media_type_of(response), response.content)
        except (ServiceError, SyntaxError) as error:
            raise RemoteStoreError(f"the answer of {url} cannot be read: {error}") from None
        if not isinstance(answer, QuerySolutions):
            raise RemoteStoreError(f"the SPARQL engine at {url} did not answer with solutions")
        return answer

    return select


def dataset_fields(
    fields: list[tuple[str, str]], default: tuple[str, ...], named: tuple[str, ...]
) -> list[tuple[str, str]]:
    """The request's fields with its dataset, each graph named by the protocol's parameters."""
    return (
        fields
        + [("default-graph-uri", g) for g in default]
        + [("named-graph-uri", g) for g in named]
    )


def media_type_of(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def parse_results(media_type: str, body: Any) -> QuerySolutions | QueryBoolean:
    fmt = QueryResultsFormat.from_media_type(media_type) if media_type else None
    if fmt is None:
        raise BackendUnavailable(
            f"the SPARQL engine answered in {media_type or 'no media type'}, not in a SPARQL "
            "results format"
        )
    return parse_query_results(body, fmt)


def parse_rdf(media_type: str, body: Any) -> Iterator[Quad]:
    fmt = RdfFormat.from_media_type(media_type) if media_type else None
    if fmt is None:
        raise BackendUnavailable(
            f"the SPARQL engine answered in {media_type or 'no media type'}, not in an RDF format"
        )
    return iter(parse(body, fmt))
