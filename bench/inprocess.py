"""pyoxigraph called in-process on the store `zhusan-kg build` made: the engine without HTTP.

It answers the agreement check first (every system is compared with it) and gives the
one-client latency that the HTTP servers' overhead is measured against. The timing includes
serialising the answer, as a server must.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store

from .mix import RESULTS_JSON


class InProcess:
    name = "pyoxigraph"

    def __init__(self, store_path: Path) -> None:
        self.store = Store.read_only(str(store_path))
        self.version = f"pyoxigraph {pyoxigraph.__version__} (in-process, read-only store)"

    def answer(self, query: str, accept: str) -> bytes:
        """The serialised answer, in SPARQL JSON results or Turtle as ``accept`` asks."""
        # The store's default graph is the merge of its graphs, as the endpoint reads it.
        result = self.store.query(query)
        if isinstance(result, QuerySolutions | QueryBoolean):
            if accept != RESULTS_JSON:
                raise ValueError(f"a SELECT or ASK answer cannot be {accept}")
            return result.serialize(format=QueryResultsFormat.JSON) or b""
        fmt = RdfFormat.from_media_type(accept) or RdfFormat.TURTLE
        return result.serialize(format=fmt) or b""

    def call(self, query: str, accept: str) -> Callable[[], bytes]:
        return lambda: self.answer(query, accept)
