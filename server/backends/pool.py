"""Query evaluation in worker processes that can be killed at the time limit.

pyoxigraph's ``Store.query`` cannot be cancelled, so every query runs in a child process that
opened the store read-only; the parent waits on a pipe and SIGKILLs the child when the limit
passes, which really stops the evaluation. Children come from a fork server (forking after
RocksDB has started its threads is unsafe), drop their network where the kernel allows it, and
die with their parent.

Answers are cut to the limits and written by `answer_limits`, with pyoxigraph's serializers.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
)

from server.backends.answer_limits import format_for, write_solutions, write_triples
from server.core.sparql_text import inspect_query

_CONTEXT = multiprocessing.get_context("forkserver")
_START_TIMEOUT = 60.0  # opening a large store can take a while; a query's limit starts after
# pyoxigraph recurses over a query's syntax tree, so a long UNION or join chain (well under the
# body cap) overflows the 8 MiB main-thread stack; evaluation gets a thread with a deep stack.
_STACK_BYTES = 256 * 2**20
# An evaluation that has used this much CPU is a long one: it yields the CPU to everything
# else and, when the pool allows long queries, its slot goes to a fresh worker.
_LONG_CPU = 0.05


@dataclass(frozen=True)
class QueryJob:
    """One query with everything needed to evaluate and serialize it."""

    query: str
    form: str  # "SELECT" | "ASK" | "CONSTRUCT" | "DESCRIBE", known by the caller
    media_type: str  # already negotiated; must suit the form
    # The request's dataset (default-graph-uri, named-graph-uri). Both empty: the query's own
    # FROM / FROM NAMED, else the merge of all graphs and every named graph. One given alone:
    # the other part is empty, as SPARQL 1.1 Protocol section 2.1.4 reads.
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()  # predeclared for the query
    base_iri: str | None = None  # relative IRIs in the query resolve against it


@dataclass(frozen=True)
class QueryOutcome:
    """A serialized answer and what the caller needs to describe it."""

    body: bytes
    media_type: str  # the canonical media type of the format written
    rows: int  # solutions or triples written (1 for ASK)
    truncated: bool  # more were available than the row or byte limit let through
    seconds: float  # evaluation and serialization time inside the worker


class QueryError(Exception):
    """A query could not be answered."""


class QuerySyntaxError(QueryError):
    """pyoxigraph rejected the text; the message gives line and column."""


class QueryTimeout(QueryError):
    """The evaluation passed the time limit and its worker was killed."""


class QueryFailed(QueryError):
    """Evaluation failed, or the worker died."""


class QueryBusy(QueryError):
    """No worker became free within the queue wait."""


class QueryRefused(QueryError):
    """The query would call another service, which this endpoint never does."""


@dataclass
class _Worker:
    process: Any  # a forkserver Process; its class is private to multiprocessing
    connection: Connection
    long: bool = False  # its query ran long and another worker took its slot


class QueryPool:
    """A fixed number of worker processes, shared by the threads that call :meth:`run`.

    Up to ``long_queries`` long queries (see ``_LONG_CPU``) leave the pool: each keeps its
    process until it ends or reaches the time limit, and a fresh worker takes its place, so
    that a few runaway queries cannot hold every worker while quick ones wait.
    """

    def __init__(
        self,
        store_path: str | os.PathLike[str],
        *,
        workers: int = 2,
        timeout: float = 30.0,
        max_rows: int = 10_000,
        max_result_bytes: int = 64 * 2**20,
        queue_wait: float = 10.0,
        long_queries: int = 0,
    ) -> None:
        self._store_path = os.fspath(store_path)
        self._long_queries = long_queries
        self._long = 0
        self._timeout = timeout
        self._limits = (max_rows, max_result_bytes)
        self._queue_wait = queue_wait
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._timeouts = 0
        self._isolated = True
        self._closed = False
        # Workers import this module from the fork server instead of each paying for it.
        _CONTEXT.set_forkserver_preload([__name__])
        started: list[_Worker] = []
        try:
            started.extend(self._begin() for _ in range(workers))
            for worker in started:
                self._idle.put(self._await_ready(worker))
        except QueryFailed:
            for worker in started:
                _stop(worker, kill=True)
            raise

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def timeouts(self) -> int:
        """How many queries were killed at the time limit so far."""
        return self._timeouts

    @property
    def network_isolated(self) -> bool:
        """True while every worker started so far runs without any network interface."""
        return self._isolated

    def run(self, job: QueryJob) -> QueryOutcome:
        """Evaluate ``job`` in a free worker; raise a :class:`QueryError` when that fails.

        A bad form, media type or graph IRI is the caller's mistake and raises ValueError.
        """
        if self._closed:
            raise QueryFailed("the query pool is closed")
        _check(job)
        if inspect_query(job.query).uses_service:
            raise QueryRefused("SERVICE calls are not allowed on this endpoint")
        try:
            worker = self._idle.get(timeout=self._queue_wait)
        except queue.Empty:
            raise QueryBusy(f"no query worker was free within {self._queue_wait:g} s") from None
        try:
            if worker is None or worker.connection.closed or not worker.process.is_alive():
                if worker is not None:
                    _stop(worker, kill=True)
                worker = self._await_ready(self._begin())
            answer = self._exchange(worker, job)
        finally:
            if worker is not None and worker.long:
                self._retire(worker)
            else:
                self._release(worker)
        status, *details = answer
        if status == "syntax":
            raise QuerySyntaxError(details[0])
        if status == "failed":
            raise QueryFailed(details[0])
        body, media_type, rows, truncated, seconds = details
        return QueryOutcome(body, media_type, rows, truncated, seconds)

    def close(self) -> None:
        """Stop the idle workers now and the busy ones when their query ends."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                _stop(worker)

    def _exchange(self, worker: _Worker, job: QueryJob) -> tuple[Any, ...]:
        try:
            started = time.monotonic()
            worker.connection.send(job)
            while True:
                remaining = self._timeout - (time.monotonic() - started)
                if not worker.connection.poll(max(0.0, remaining)):
                    _stop(worker, kill=True)
                    with self._lock:
                        self._timeouts += 1
                    raise QueryTimeout(f"the query ran longer than {self._timeout:g} s")
                answer: tuple[Any, ...] = worker.connection.recv()
                if answer != ("long",):
                    return answer
                self._hand_over_slot(worker)  # then wait on for the answer
        except (EOFError, OSError) as error:
            _stop(worker, kill=True)
            worker.process.join(1)  # it is dead already: this only collects its exit code
            code = worker.process.exitcode
            raise QueryFailed(f"the query worker died (exit code {code})") from error

    def _hand_over_slot(self, worker: _Worker) -> None:
        """Give a long query's slot to a fresh worker, while the pool allows more long ones."""
        with self._lock:
            if self._closed or self._long >= self._long_queries:
                return
            self._long += 1
        try:
            fresh = self._await_ready(self._begin())
        except QueryFailed:
            with self._lock:
                self._long -= 1
            return
        worker.long = True
        self._idle.put(fresh)

    def _retire(self, worker: _Worker) -> None:
        """A long query's worker ends with its query; its slot was refilled already."""
        _stop(worker, kill=not worker.process.is_alive())
        with self._lock:
            self._long -= 1

    def _release(self, worker: _Worker | None) -> None:
        alive = worker is not None and not worker.connection.closed and worker.process.is_alive()
        if worker is not None and (self._closed or not alive):
            _stop(worker, kill=not alive)
        if not self._closed:
            # A dead worker leaves an empty slot, refilled by the next caller that takes it.
            self._idle.put(worker if alive else None)

    def _begin(self) -> _Worker:
        ours, theirs = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=_serve,
            args=(theirs, self._store_path, *self._limits),
            name="zhusan-query",
            daemon=True,
        )
        try:
            with self._lock:  # multiprocessing's child bookkeeping is not thread-safe
                process.start()
        except OSError as error:
            ours.close()
            raise QueryFailed(f"cannot start a query worker: {error}") from error
        finally:
            theirs.close()
        return _Worker(process, ours)

    def _await_ready(self, worker: _Worker) -> _Worker:
        try:
            ready = worker.connection.poll(_START_TIMEOUT)
            status, detail = worker.connection.recv() if ready else ("failed", "start timed out")
        except (EOFError, OSError):
            status, detail = "failed", "a query worker died while starting"
        if status != "ready":
            _stop(worker, kill=True)
            raise QueryFailed(detail)
        if not detail:
            self._isolated = False
        return worker


def _check(job: QueryJob) -> None:
    format_for(job.form, job.media_type)
    for iri in (*job.default_graphs, *job.named_graphs):
        NamedNode(iri)  # raises ValueError for a bad IRI


def _stop(worker: _Worker, *, kill: bool = False) -> None:
    if worker.connection.closed:
        return
    if kill:
        # Nobody waits for it to exit: a long query's thread runs in the idle class, so on a
        # busy machine dying takes it a while; the fork server, its parent, reaps it.
        worker.process.kill()
        worker.connection.close()
        return
    try:
        worker.connection.send(None)  # asks the worker to exit between queries
    except OSError:
        worker.process.kill()
    worker.process.join(5)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.connection.close()


# --- inside the worker ----------------------------------------------------------------------


def _serve(connection: Connection, store_path: str, max_rows: int, max_bytes: int) -> None:
    """Open the store once, then answer jobs from ``connection`` until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    _die_with_parent()
    _release_fork_server()
    isolated = _drop_network()  # before RocksDB starts threads: unshare needs a lone thread
    try:
        store = Store.read_only(store_path)
    except OSError as error:
        connection.send(("failed", f"cannot open the store at {store_path}: {error}"))
        return
    connection.send(("ready", isolated))
    threading.stack_size(_STACK_BYTES)
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        # A thread per query: its stack is unmapped when it ends, so one deep query does not
        # leave the worker holding the memory it touched.
        evaluation = _Evaluation(store, job, max_rows, max_bytes)
        evaluation.start()
        if _demote_when_long(evaluation):
            connection.send(("long",))
        evaluation.join()
        connection.send(evaluation.answer)


class _Evaluation(threading.Thread):
    """One query's evaluation, on a thread of its own (with the deep stack set above)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(daemon=True)
        self.args = args
        self.answer: tuple[Any, ...] = ("failed", "evaluation failed")
        self.clock: int | None = None

    def run(self) -> None:
        # Its CPU clock is asked for here, by the thread itself: asked from outside after the
        # thread has ended, pthread_getcpuclockid reads freed memory and crashes the worker.
        self.clock = time.pthread_getcpuclockid(threading.get_ident())
        self.answer = _answer(*self.args)


def _answer(store: Store, job: QueryJob, max_rows: int, max_bytes: int) -> tuple[Any, ...]:
    started = time.perf_counter()
    target = format_for(job.form, job.media_type)
    try:
        results = store.query(
            job.query, prefixes=dict(job.prefixes), base_iri=job.base_iri, **_dataset(job)
        )
        if isinstance(results, QueryBoolean) and isinstance(target, QueryResultsFormat):
            body, rows, truncated = results.serialize(format=target), 1, False
        elif isinstance(results, QuerySolutions) and isinstance(target, QueryResultsFormat):
            body, rows, truncated = write_solutions(results, target, max_rows, max_bytes)
        elif isinstance(results, QueryTriples) and isinstance(target, RdfFormat):
            body, rows, truncated = write_triples(
                results, target, dict(job.prefixes), max_rows, max_bytes
            )
        else:
            return ("failed", f"the query is not a {job.form} query")
    except SyntaxError as error:
        return ("syntax", str(error))
    except (OSError, RuntimeError, ValueError) as error:
        return ("failed", f"evaluation failed: {error}")
    return ("ok", body, target.media_type, rows, truncated, time.perf_counter() - started)


def _dataset(job: QueryJob) -> dict[str, Any]:
    """pyoxigraph's dataset options for the request's graphs; none when it names none.

    Without options pyoxigraph honours the query's FROM and FROM NAMED, and otherwise reads
    the store's default graph, which the build filled with the merge of all graphs.
    """
    if not job.default_graphs and not job.named_graphs:
        return {}
    return {
        "default_graph": [NamedNode(iri) for iri in job.default_graphs],
        "named_graphs": [NamedNode(iri) for iri in job.named_graphs],
    }


def _demote_when_long(evaluation: _Evaluation) -> bool:
    """Once an evaluation has used ``_LONG_CPU`` seconds of CPU, let quick queries, pages and
    every other client go first: it only gets the CPU time nobody else wants. True if it did.

    CPU time, not time on the clock: on a loaded server every query waits longer, and a quick
    one must not be demoted for that.
    """
    try:
        while evaluation.is_alive():
            evaluation.join(0.01)
            clock, thread_id = evaluation.clock, evaluation.native_id
            if clock is None or thread_id is None or not evaluation.is_alive():
                continue
            if time.clock_gettime(clock) > _LONG_CPU:
                if hasattr(os, "SCHED_IDLE"):  # Linux's idle class, per thread
                    os.sched_setscheduler(thread_id, os.SCHED_IDLE, os.sched_param(0))
                else:
                    os.setpriority(os.PRIO_PROCESS, thread_id, 19)
                return True
    except OSError:  # the thread ended between two looks at it: the kernel says so, safely
        pass
    return False


def _die_with_parent() -> None:
    if sys.platform != "linux":
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _release_fork_server() -> None:
    # A forked worker inherits the fork server's "client alive" pipe. While any worker holds
    # it, the fork server outlives a killed parent, and so the death signal above never fires.
    from multiprocessing import forkserver

    state = getattr(forkserver, "_forkserver", None)
    alive_fd = getattr(state, "_forkserver_alive_fd", None)
    if isinstance(alive_fd, int):
        os.close(alive_fd)
        state._forkserver_alive_fd = None  # type: ignore[union-attr]


def _drop_network() -> bool:
    """Move into fresh user and network namespaces, which have no way out; True on success."""
    if sys.platform != "linux":
        return False
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.unshare(clone_newuser | clone_newnet) == 0
