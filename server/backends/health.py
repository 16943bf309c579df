"""Whether a backend can answer now, for `/healthz` and the load balancer that polls it.

A probe is cheap and bounded (an ``ASK`` with a short timeout), and its verdict is kept for a
moment: a balancer, or many of them, polling every replica often must not load the store or
the engine it checks. Concurrent checks wait for the one under way instead of adding their own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests
from pyoxigraph import Literal, QueryBoolean

from server.backends.release import (
    ERROR_TEXT,
    GRAPH_RELEASE,
    RESULTS_ACCEPT,
    dataset_fields,
    media_type_of,
    parse_results,
)
from server.backends.remote_text import bind_values
from server.core.errors import ServiceError
from server.core.namespaces import DCTERMS
from server.store import disk as stores

# Seconds a verdict is reused: health checks every second from several balancers still send
# the engine at most one probe per web process in this time.
VERDICT_SECONDS = 1.5
# Seconds a probe may take. A replica whose engine cannot answer `ASK {}` this fast is not one
# a balancer should send queries to.
PROBE_TIMEOUT = 2.0
RELEASE_ASK = f"ASK {{ <{GRAPH_RELEASE}> <{DCTERMS}identifier> ?hash }}"


class Probe:
    """``check()`` returns why the backend cannot answer, or None when it can; a probe calls it
    at most once per ``seconds`` and hands out the last verdict in between."""

    def __init__(
        self,
        check: Callable[[], str | None],
        *,
        seconds: float = VERDICT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._check = check
        self._seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._checked_at: float | None = None
        self._verdict: str | None = None

    def __call__(self) -> str | None:
        with self._lock:  # held during the check: concurrent callers reuse its verdict
            now = self._clock()
            if self._checked_at is None or now - self._checked_at >= self._seconds:
                self._verdict = self._check()
                self._checked_at = self._clock()
            return self._verdict


def engine_verdict(url: str, content_hash: str, session: requests.Session) -> str | None:
    """Why the engine at ``url`` cannot answer for release ``content_hash``; None when it can.

    One ``ASK`` over the release graph, which names the release this replica serves: an engine
    that is down, slow or answers garbage fails it, and so does an engine loaded with another
    release since this replica started, whose ETags would then claim answers they do not give.
    """
    query = bind_values(RELEASE_ASK, {"hash": Literal(content_hash)})
    try:
        response = session.post(
            url,
            data=dataset_fields([("query", query)], (GRAPH_RELEASE,), ()),
            headers={"Accept": RESULTS_ACCEPT},
            timeout=(PROBE_TIMEOUT, PROBE_TIMEOUT),
        )
    except requests.Timeout:
        return f"the SPARQL engine at {url} did not answer within {PROBE_TIMEOUT:g} s"
    except requests.RequestException as error:
        return f"the SPARQL engine at {url} cannot be reached: {error}"
    if response.status_code != 200:
        said = response.text[:ERROR_TEXT].strip()
        return f"the SPARQL engine at {url} answered {response.status_code}: {said}"
    try:
        answer = parse_results(media_type_of(response), response.content)
    except (ServiceError, SyntaxError) as error:
        return f"the SPARQL engine's answer is not readable: {error}"
    if not isinstance(answer, QueryBoolean):
        return f"the SPARQL engine at {url} did not answer an ASK with a boolean"
    if not bool(answer):
        return (
            f"the SPARQL engine at {url} no longer holds release {content_hash[:12]}, which this "
            "replica serves: it was loaded again; restart this replica"
        )
    return None


def store_verdict(path: Path, ask: Callable[[], object]) -> str | None:
    """Why the embedded store at ``path`` cannot answer; None when ``ask()`` (one ``ASK`` on
    it) succeeds and the folder is still there for new query processes to open."""
    if not path.is_dir():
        return (
            f"the store this replica serves ({path.name}) was removed, two builds later: "
            "restart this replica to serve the current one"
        )
    try:
        ask()
    except (OSError, RuntimeError, ServiceError, stores.StoreError) as error:
        return f"the store cannot answer: {error}"
    return None
