"""Inside a query worker process: open the store read-only, then evaluate the jobs the pool
(pool.py) sends, each on a thread with a deep stack, and send back the answer or what went wrong.

The process dies with its parent, has no network where the kernel allows it, and lets long
evaluations yield the CPU to everything else. Answers are cut to the limits and written by
`answer_limits`, with pyoxigraph's serializers.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from pyoxigraph import (
    NamedNode,
    Store,
)

from server.backends.answer_limits import AnswerMismatch, write_answer
from server.backends.jobs import QueryJob

# pyoxigraph recurses over a query's syntax tree, so a long UNION or join chain (well under the
# body cap) overflows the 8 MiB main-thread stack; evaluation gets a thread with a deep stack.
_STACK_BYTES = 256 * 2**20
# An evaluation that has used this much CPU is a long one: it yields the CPU to everything
# else and, when the pool allows long queries, its slot goes to a fresh worker.
_LONG_CPU = 0.05


def serve(connection: Connection, store_path: str, max_rows: int, max_bytes: int) -> None:
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
    target = job.target
    try:
        results = store.query(
            job.query, prefixes=dict(job.prefixes), base_iri=job.base_iri, **_dataset(job)
        )
        body, rows, truncated = write_answer(
            results, target, dict(job.prefixes), max_rows, max_bytes
        )
    except AnswerMismatch:
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
