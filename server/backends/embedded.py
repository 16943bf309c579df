"""Where the graph lives, behind one interface for the whole application.

`EmbeddedBackend` (the default) reads the on-disk Oxigraph store: public queries go to killable
worker processes (pool.py), the application's own fixed and bounded queries (pages,
dereferencing, dumps) run in-process on a read-only handle. Both are opened lazily, after the
web server has forked its workers, so no process shares another's database handle.

`RemoteBackend` (remote.py, ``ZHUSAN_BACKEND=sparql``) asks a SPARQL 1.1 Protocol
endpoint instead. `open_backend` picks one by configuration; `Backend` is what both provide.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from server.backends.health import Probe, store_verdict
from server.backends.interface import Answer, list_sources
from server.backends.jobs import QueryJob, QueryOutcome
from server.backends.pool import QueryPool
from server.backends.querying import run
from server.core.config import Config
from server.core.errors import ServiceError
from server.core.formats import Format
from server.store import disk as stores
from server.store.export import graph_body, write_dataset


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, config: Config) -> None:
        self.config = config
        self.served = stores.current_store(config)
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._pool: QueryPool | None = None
        self._health = Probe(lambda: store_verdict(self.served.path, self._ask))

    @property
    def version(self) -> str:
        """Content hash of the inputs the store was built from: the ETag of every answer."""
        return self.served.content_hash

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.served.counts)

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = stores.open_read_only(self.served)
            return self._store

    @property
    def pool(self) -> QueryPool:
        with self._lock:
            if self._pool is None:
                self._pool = QueryPool(
                    self.served.path,
                    workers=self.config.query_workers,
                    timeout=self.config.query_timeout,
                    max_rows=self.config.max_rows,
                    max_result_bytes=self.config.max_result_bytes,
                    queue_wait=self.config.queue_wait,
                    # as many long queries as this process has threads to wait on them
                    long_queries=self.config.threads,
                )
            return self._pool

    def public_query(self, job: QueryJob) -> QueryOutcome:
        """A client's query, under the time, row and size limits; failures are QueryErrors."""
        return self.pool.run(job)

    def internal_query(self, query: str, **bindings: Any) -> Answer:
        """One of the application's own queries; values are bound, never pasted into text."""
        return self.evaluate(query, bindings=bindings or None)

    def evaluate(
        self, query: str, *, inference: bool = True, bindings: dict[str, Any] | None = None
    ) -> Answer:
        """An own query over the union of the graphs, or of the asserted ones only."""
        try:
            return run(self.store, query, inference=inference, bindings=bindings)
        except SyntaxError as error:  # a bug in our own query: a 500 that says so
            raise ServiceError(f"internal query failed to parse: {error}") from error

    @property
    def dumps(self) -> Path | None:
        """The folder of dump files written when the store was built."""
        return self.served.dumps

    def graph_body(self, graph: str | None, fmt: Format) -> bytes:
        """One named graph, or the union of all (``None``), in ``fmt``."""
        return graph_body(self.store, graph, fmt)

    def dataset_body(self, fmt: Format) -> bytes:
        buffer = io.BytesIO()
        write_dataset(self.store, fmt, buffer)
        return buffer.getvalue()

    def sources(self) -> list[dict[str, str]]:
        return list_sources(self)

    @property
    def timeouts(self) -> int:
        return self._pool.timeouts if self._pool else 0

    def unavailable(self) -> str | None:
        """Why the store cannot answer now, None when it can: an ASK on it, kept 1.5 s."""
        return self._health()

    def _ask(self) -> None:
        # The query processes open the same folder, which store_verdict checks is still there.
        self.store.query("ASK { ?s ?p ?o }")

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
