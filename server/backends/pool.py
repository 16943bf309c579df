"""Query evaluation in worker processes that can be killed at the time limit: the parent's side.

pyoxigraph's ``Store.query`` cannot be cancelled, so every query runs in a child process that
opened the store read-only (worker.py); the parent waits on a pipe and SIGKILLs the child when
the limit passes, which really stops the evaluation. Children come from a fork server (forking
after RocksDB has started its threads is unsafe), drop their network where the kernel allows
it, and die with their parent.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from server.backends import worker as worker_process
from server.backends.jobs import (
    QueryBusy,
    QueryFailed,
    QueryJob,
    QueryOutcome,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
)

_CONTEXT = multiprocessing.get_context("forkserver")
_START_TIMEOUT = 60.0  # opening a large store can take a while; a query's limit starts after


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
        # Workers import their module from the fork server instead of each paying for it.
        _CONTEXT.set_forkserver_preload([worker_process.__name__])
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
        """Evaluate ``job`` (checked when it was made) in a free worker; raise a
        :class:`~server.backends.jobs.QueryError` when that fails."""
        if self._closed:
            raise QueryFailed("the query pool is closed")
        if job.shape.uses_service:
            raise QueryRefused("SERVICE calls are not allowed on this endpoint")
        try:
            worker = self._idle.get(timeout=self._queue_wait)
        except queue.Empty:
            raise QueryBusy(
                f"every query process is busy (none was free within {self._queue_wait:g} s); "
                "try again shortly"
            ) from None
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
                    raise QueryTimeout.after(self._timeout)
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
            target=worker_process.serve,
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
