"""The `sparql` backend: the same application in front of any SPARQL 1.1 Protocol endpoint
(Oxigraph server, Fuseki, QLever, Virtuoso, a managed service), chosen by
``ZHUSAN_BACKEND=sparql`` and ``ZHUSAN_SPARQL_URL``.

What the engine is asked, and what stays here:

* A query that names no dataset (no FROM, no ``default-graph-uri``) is sent with one
  ``default-graph-uri``: the graph <https://w3id.org/zhusan/graph/merged>, which the loader
  filled with the merge of the release's graphs (each triple once), and, when it may read named
  graphs, every graph of the release as ``named-graph-uri``; so neither the engine's own graphs
  (Virtuoso's system graphs) nor the release graph below show in its answer. A query's own
  FROM / FROM NAMED, or the client's dataset, is passed on as it is: the engine honours it.
* Relative IRIs resolve against this endpoint's IRI, declared as the query's first BASE.
* Public queries are checked by pyoxigraph's parser here (the same 400 as the embedded store),
  sent with the predeclared prefixes they use, and read under the configured time limit: past
  it the client gets our 503. Stopping the evaluation on the engine is the engine's own job.
  The answer is parsed as it streams in and cut to the row and size limits by the query pool's
  own code, then written by pyoxigraph's serializers, so both backends answer alike.
* The application's own queries bind values with a ``VALUES`` block (remote_text.py).
* The release loaded into the engine (`zhusan-kg build --load-into`, loading.py) is
  described in the graph <https://w3id.org/zhusan/graph/release>: its content hash and its
  per-graph counts. The hash is read at start and is the version behind every ETag, so replicas
  in front of one engine agree; the counts are checked against the engine's own at start.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
import urllib3
from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    Store,
    Triple,
)

from server.backends.answer_limits import write_answer
from server.backends.health import Probe, engine_verdict
from server.backends.interface import Answer, list_sources
from server.backends.jobs import (
    QueryJob,
    QueryOutcome,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
)
from server.backends.release import (
    CONNECT_TIMEOUT,
    ERROR_TEXT,
    GRAPH_MERGED,
    GRAPH_RELEASE,
    RESULTS_ACCEPT,
    Release,
    RemoteStoreError,
    count_graphs,
    dataset_fields,
    differences,
    media_type_of,
    parse_rdf,
    parse_results,
    read_release,
    session,
)
from server.backends.remote_text import bind_values, for_engine, parse_only_text, with_prefixes
from server.core.config import Config
from server.core.errors import BackendUnavailable, BadRequest, QueryTimedOut, ServiceError
from server.core.formats import Format, accept_header
from server.core.namespaces import GRAPH_INFERRED, PREFIXES
from server.core.sparql_text import inspect_query
from server.store import disk as stores
from server.store.export import graph_body, write_dataset

GRAPH_ACCEPT = accept_header("ntriples", "turtle", "rdfxml")
# Oxigraph server 0.5.13 dies of a stack overflow on a 2,000-branch UNION (40 KB) or a
# 1,000-BIND chain, which is 4,000 to 6,000 tokens of chain; 3,000 were measured safe in every
# shape tried. The example queries use about 100.
MAX_CHAIN = 2000
QUADS_QUERY = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteBackend:
    name = "sparql"

    def __init__(self, config: Config) -> None:
        self.config = config
        self.url = config.sparql_url
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self._timeouts = 0
        self._parser = Store()  # empty, in memory: only ever parses
        self._release = self._check_release()
        self._graphs = tuple(sorted(self._release.counts))
        self._asserted = tuple(g for g in self._graphs if g != GRAPH_INFERRED)
        self._dumps = _local_dumps(config, self._release.content_hash)
        self._health = Probe(lambda: engine_verdict(self.url, self.version, self._session()))

    def _check_release(self) -> Release:
        def select(query: str, graphs: tuple[str, ...]) -> QuerySolutions:
            answer = self._ask(query, "SELECT", graphs, graphs)
            assert isinstance(answer, QuerySolutions)
            return answer

        try:
            release = read_release(select)
            if release is None:
                raise RemoteStoreError(
                    f"the SPARQL engine at {self.url} holds no Zhusan release (no graph "
                    f"<{GRAPH_RELEASE}>): load one with `zhusan-kg build --load-into …`"
                )
            counts = count_graphs(select, tuple(sorted(release.loaded)))
        except ServiceError as error:
            raise RemoteStoreError(f"{error.title}: {error.detail}") from None
        if release.uri_space != self.config.base + "id/":
            raise RemoteStoreError(
                f"the release in {self.url} was built for {release.uri_space}, but this server "
                f"publishes {self.config.base}id/ (ZHUSAN_BASE)"
            )
        if release.merged is None:
            raise RemoteStoreError(
                f"the release in {self.url} was loaded without the graph <{GRAPH_MERGED}> (the "
                "merge every query reads by default): load it again with this version"
            )
        wrong = differences(release.loaded, counts)
        if wrong:
            raise RemoteStoreError(
                f"the SPARQL engine at {self.url} does not hold release "
                f"{release.content_hash[:12]} as loaded: {'; '.join(wrong)}; load it again"
            )
        return release

    # ---- the interface every feature uses --------------------------------------------------

    @property
    def version(self) -> str:
        """Content hash of the release loaded into the engine, read from the engine itself."""
        return self._release.content_hash

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._release.counts)

    @property
    def dumps(self) -> Path | None:
        """The dumps of a local build of the same release; None when there is none here."""
        return self._dumps

    @property
    def no_dumps(self) -> str:
        """Why /dumps answers 404 on this backend."""
        return (
            f"the sparql backend has no dumps for release {self.version[:12]}: the dumps are "
            "served from a local build of the same release (`zhusan-kg build` here)"
        )

    @property
    def timeouts(self) -> int:
        return self._timeouts

    def unavailable(self) -> str | None:
        """Why the engine cannot answer now, None when it can: a bounded ASK, kept 1.5 s."""
        return self._health()

    def public_query(self, job: QueryJob) -> QueryOutcome:
        """A client's query, under the time, row and size limits."""
        started = time.perf_counter()
        target = job.target
        if job.shape.uses_service:  # the protocol layer refuses it first
            raise QueryRefused("SERVICE calls are not allowed on this endpoint")
        prefixes = dict(job.prefixes)
        engine = for_engine(job.query, prefixes)
        if engine.chain > MAX_CHAIN:  # before our own parser too, which recurses as deeply
            raise BadRequest(
                f"the query is {engine.chain} terms and operators long (outside VALUES and IN "
                f"lists); at most {MAX_CHAIN} are sent to the SPARQL engine, which longer chains "
                "can crash"
            )
        try:
            self._parser.query(engine.check_text, prefixes=prefixes, base_iri=job.base_iri)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from None
        default, named = self._dataset(job)
        limits = (self.config.max_rows, self.config.max_result_bytes)
        text = engine.text
        if job.base_iri:  # first, so that a BASE of the query's own resolves against it
            text = f"BASE {NamedNode(job.base_iri)} {text}"
        with self._exchange(text, job.form, default, named, public=True) as (kind, body):
            answer: Answer | Iterator[Triple]
            if isinstance(target, QueryResultsFormat):
                answer = parse_results(kind, body)
            else:
                answer = (Triple(q.subject, q.predicate, q.object) for q in parse_rdf(kind, body))
            data, rows, truncated = write_answer(answer, target, prefixes, *limits)
        return QueryOutcome(data, target.media_type, rows, truncated, time.perf_counter() - started)

    def _dataset(self, job: QueryJob) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The default and named graphs to send: the client's, none for a query that names its
        own, else the merge and (when the query may read them) the release's named graphs."""
        if job.default_graphs or job.named_graphs:
            return job.default_graphs, job.named_graphs
        if job.shape.names_dataset:
            return (), ()
        return (GRAPH_MERGED,), self._graphs if job.shape.may_use_named_graphs else ()

    def internal_query(self, query: str, **bindings: Any) -> Answer:
        """One of the application's own queries; values are bound, never pasted into text."""
        return self.evaluate(query, bindings=bindings or None)

    def evaluate(
        self, query: str, *, inference: bool = True, bindings: dict[str, Any] | None = None
    ) -> Answer:
        """An own query over the union of the graphs, or of the asserted ones only."""
        text = bind_values(query, bindings or {})
        try:
            self._parser.query(parse_only_text(text), prefixes=PREFIXES)
        except SyntaxError as error:  # a bug in our own query: a 500 that says so
            raise ServiceError(f"internal query failed to parse: {error}") from error
        form = inspect_query(text).form or "SELECT"
        default = (GRAPH_MERGED,) if inference else self._asserted
        return self._ask(with_prefixes(text, PREFIXES), form, default, self._graphs)

    def graph_body(self, graph: str | None, fmt: Format) -> bytes:
        """One named graph, or the union of all (``None``), in ``fmt``."""
        return graph_body(self._copy(self._graphs if graph is None else (graph,)), graph, fmt)

    def dataset_body(self, fmt: Format) -> bytes:
        buffer = io.BytesIO()
        write_dataset(self._copy(self._graphs), fmt, buffer)
        return buffer.getvalue()

    def sources(self) -> list[dict[str, str]]:
        return list_sources(self)

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    # ---- talking to the engine ---------------------------------------------------------------

    def _copy(self, graphs: tuple[str, ...]) -> Store:
        """The quads of ``graphs`` in an in-memory store, for the embedded backend's writers."""
        answer = self._ask(QUADS_QUERY, "SELECT", graphs, graphs)
        assert isinstance(answer, QuerySolutions)
        copy = Store()
        copy.extend(Quad(row["s"], row["p"], row["o"], row["g"]) for row in answer)
        return copy

    def _ask(
        self, text: str, form: str, default: tuple[str, ...], named: tuple[str, ...]
    ) -> Answer:
        """A whole answer, read into memory and parsed: the application's own bounded queries."""
        with self._exchange(text, form, default, named, public=False) as (kind, body):
            data = body.read()
            if form in ("SELECT", "ASK"):
                return parse_results(kind, data)
            # pyoxigraph makes QueryTriples only from a query: ask an in-memory copy for them.
            copy = Store()
            copy.extend(Quad(q.subject, q.predicate, q.object) for q in parse_rdf(kind, data))
        triples = copy.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert isinstance(triples, QueryTriples)
        return triples

    @contextmanager
    def _exchange(
        self,
        text: str,
        form: str,
        default: tuple[str, ...],
        named: tuple[str, ...],
        *,
        public: bool,
    ) -> Iterator[tuple[str, _Body]]:
        """POST one query; yield the answer's media type and its body, readable until the time
        limit. Every failure becomes one of our errors, saying it comes from the engine."""
        limit = self.config.query_timeout
        deadline = time.monotonic() + limit
        accept = RESULTS_ACCEPT if form in ("SELECT", "ASK") else GRAPH_ACCEPT
        try:
            response = self._session().post(
                self.url,
                data=dataset_fields([("query", text)], default, named),
                headers={"Accept": accept},
                stream=True,
                timeout=(min(CONNECT_TIMEOUT, limit), limit),
            )
            with response:
                if response.status_code != 200:
                    raise self._refusal(response, public=public)
                yield media_type_of(response), _Body(response.raw, deadline)
        except (requests.ConnectionError, _Gone) as error:
            raise BackendUnavailable(
                f"the SPARQL engine at {self.url} cannot be reached: {error}"
            ) from None
        except (requests.Timeout, _Late):
            raise self._timed_out() from None
        except SyntaxError as error:  # pyoxigraph could not read the engine's answer
            raise BackendUnavailable(
                f"the SPARQL engine's answer is not readable: {error}"
            ) from None
        except ValueError as error:  # from the limits: not even an empty answer fits
            raise ServiceError(str(error)) from None

    def _session(self) -> requests.Session:
        """One keep-alive session per thread: requests' sessions are not thread-safe."""
        ours: requests.Session | None = getattr(self._local, "session", None)
        if ours is None:
            ours = session()
            with self._lock:
                self._sessions.append(ours)
            self._local.session = ours
        return ours

    def _timed_out(self) -> QueryTimedOut:
        with self._lock:
            self._timeouts += 1
        return QueryTimeout.after(self.config.query_timeout)

    def _refusal(self, response: requests.Response, *, public: bool) -> ServiceError:
        status = response.status_code
        message = response.raw.read(ERROR_TEXT * 4, decode_content=True)
        said = message.decode("utf-8", "replace").strip()[:ERROR_TEXT]
        if status in (503, 504):
            return QueryTimedOut(f"the SPARQL engine stopped the query ({status}): {said}")
        if status in (400, 501) and public:
            # pyoxigraph's parser took it, so the engine lacks something the query uses.
            return BadRequest(f"the SPARQL engine behind this endpoint cannot answer it: {said}")
        return BackendUnavailable(f"the SPARQL engine answered {status}: {said}")


class _Late(Exception):
    """The time limit passed while the answer was being read."""


class _Gone(Exception):
    """The connection to the engine broke while the answer was being read."""


class _Body(io.RawIOBase):
    """The engine's answer as a file for pyoxigraph's parsers, read under the time limit."""

    def __init__(self, raw: urllib3.BaseHTTPResponse, deadline: float) -> None:
        super().__init__()
        self._raw = raw
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if time.monotonic() > self._deadline:
            raise _Late
        try:
            chunk: bytes = self._raw.read(None if size is None or size < 0 else size, True)
        except urllib3.exceptions.ReadTimeoutError:
            raise _Late from None
        except urllib3.exceptions.HTTPError as error:
            raise _Gone(str(error)) from None
        return chunk

    def readinto(self, buffer: Any) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _local_dumps(config: Config, content_hash: str) -> Path | None:
    """The dumps of the local build when it is the release the engine holds."""
    try:
        served = stores.current_store(config)
    except stores.StoreError:
        return None
    return served.dumps if served.content_hash == content_hash else None
