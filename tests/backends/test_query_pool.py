"""The query pool: every form and format, the row and byte caps, the time limit that really
stops an evaluation, and the pool's behaviour under concurrent callers."""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import pytest
import rdflib
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
)

from server.backends.answer_limits import write_solutions
from server.backends.pool import (
    QueryBusy,
    QueryFailed,
    QueryJob,
    QueryOutcome,
    QueryPool,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
)
from server.backends.worker import _drop_network
from server.core.error_responses import register
from server.core.sparql_text import QueryShape
from server.store.disk import merge_into_default_graph

EX = "http://example.org/"
G1, G2 = EX + "graph/one", EX + "graph/two"
PER_GRAPH = 150
RESULTS_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
RDF_TYPES = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/trig",
    "application/n-quads",
]
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
# Nothing streams out of a COUNT, so 300^5 combinations keep a worker busy for hours.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
QUICK = f"ASK {{ <{EX}item/1> ?p ?o }}"


def quads() -> Iterator[Quad]:
    """Two named graphs of items with plain, typed, tagged and multi-line literals."""
    name, value, note = NamedNode(EX + "name"), NamedNode(EX + "value"), NamedNode(EX + "note")
    for graph, offset in ((G1, 0), (G2, PER_GRAPH // 3)):
        for i in range(offset, offset + PER_GRAPH // 3):
            item = NamedNode(f"{EX}item/{i}")
            yield Quad(item, name, Literal(f"item {i}", language="en"), NamedNode(graph))
            yield Quad(item, value, Literal(i), NamedNode(graph))
            yield Quad(item, note, Literal(f'line one\nline\ttwo, "{i}"'), NamedNode(graph))
    yield Quad(BlankNode("anon"), name, Literal("anonymous"), NamedNode(G2))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query-pool") / "store"
    writer = Store(str(path))
    writer.extend(quads())
    merge_into_default_graph(writer)  # as a build does
    writer.flush()
    del writer  # read-only workers must not share the store with a live writer
    gc.collect()
    return path


@pytest.fixture(scope="module")
def reference(store_path: Path) -> Store:
    """The same store opened in this process, to compute what each answer should be."""
    return Store.read_only(str(store_path))


@pytest.fixture(scope="module")
def pool(store_path: Path) -> Iterator[QueryPool]:
    with QueryPool(store_path, workers=2, timeout=20, max_rows=1000) as shared:
        yield shared


def solutions(results: QuerySolutions) -> list[dict[str, Any]]:
    names = [variable.value for variable in results.variables]
    return [{name: solution[name] for name in names} for solution in results]


def expected_select(reference: Store, query: str) -> list[dict[str, Any]]:
    results = reference.query(query)  # the default graph: the merge
    assert isinstance(results, QuerySolutions)
    return solutions(results)


def parse_select(outcome: QueryOutcome) -> list[dict[str, Any]]:
    """Solutions from a SELECT body, read by pyoxigraph, or by rdflib for CSV."""
    if outcome.media_type.startswith("text/csv"):
        rows = list(csv.DictReader(io.StringIO(outcome.body.decode(), newline="")))
        parsed = rdflib.query.Result.parse(io.BytesIO(outcome.body), format="csv")
        assert len(parsed) == len(rows)
        return rows
    results_format = QueryResultsFormat.from_media_type(outcome.media_type)
    results = parse_query_results(outcome.body, results_format)
    assert isinstance(results, QuerySolutions)
    return solutions(results)


def lexical(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """What CSV keeps of a solution: the bare value of each term, blank nodes as _:label."""

    def text(term: Any) -> str:
        if term is None:
            return ""
        return str(term) if isinstance(term, BlankNode) else str(term.value)

    return [{name: text(term) for name, term in row.items()} for row in rows]


def busy_children(window: float = 1.0) -> float:
    """Summed CPU percentage of all descendants of this process over ``window`` seconds."""
    children = []
    for child in psutil.Process().children(recursive=True):
        try:
            child.cpu_percent(None)  # the first call starts its measurement
            children.append(child)
        except psutil.NoSuchProcess:  # a worker just replaced or a helper that just ended
            continue
    time.sleep(window)
    total = 0.0
    for child in children:
        try:
            total += child.cpu_percent(None)
        except psutil.NoSuchProcess:
            continue
    return total


def in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Start ``call`` in a thread; the dict receives its result or error and when it ended."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except Exception as error:  # handed to the test thread to assert on
            box["error"] = error
        box["ended"] = time.monotonic()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, box


# --- forms and formats ----------------------------------------------------------------------


@pytest.mark.parametrize("media_type", RESULTS_TYPES)
def test_select_parses_back_in_every_results_format(
    pool: QueryPool, reference: Store, media_type: str
) -> None:
    outcome = pool.run(QueryJob(ALL_TRIPLES, "SELECT", media_type))
    expected = expected_select(reference, ALL_TRIPLES)
    assert (outcome.rows, outcome.truncated) == (len(expected), False)
    assert outcome.media_type.startswith(media_type)
    if media_type == "text/csv":
        assert parse_select(outcome) == lexical(expected)
    else:
        assert parse_select(outcome) == expected


@pytest.mark.parametrize("media_type", RESULTS_TYPES)
@pytest.mark.parametrize("answer", [True, False])
def test_ask_parses_back_in_every_results_format(
    pool: QueryPool, media_type: str, answer: bool
) -> None:
    query = QUICK if answer else f"ASK {{ <{EX}nothing> ?p ?o }}"
    outcome = pool.run(QueryJob(query, "ASK", media_type))
    assert (outcome.rows, outcome.truncated) == (1, False)
    if media_type == "text/csv":  # no parser reads a boolean from CSV
        assert outcome.body == str(answer).lower().encode()
        return
    parsed = parse_query_results(outcome.body, QueryResultsFormat.from_media_type(media_type))
    assert isinstance(parsed, QueryBoolean)
    assert bool(parsed) is answer


@pytest.mark.parametrize("media_type", RDF_TYPES)
def test_construct_parses_back_in_every_rdf_format(
    pool: QueryPool, reference: Store, media_type: str
) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
    outcome = pool.run(QueryJob(query, "CONSTRUCT", media_type, prefixes=(("ex", EX),)))
    expected = set(reference.query(query))
    rdf_format = RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    parsed = list(parse(outcome.body, rdf_format))
    assert {quad.triple for quad in parsed} == expected
    assert outcome.rows == len(expected) == len(parsed)
    assert not outcome.truncated
    assert all(quad.graph_name == DefaultGraph() for quad in parsed)


@pytest.mark.parametrize(
    "media_type", ["text/turtle", "application/ld+json", "application/rdf+xml"]
)
def test_construct_is_read_by_rdflib_too(pool: QueryPool, media_type: str) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}"
    outcome = pool.run(QueryJob(query, "CONSTRUCT", media_type))
    graph = rdflib.Graph().parse(data=outcome.body, format=media_type)
    assert len(graph) == outcome.rows == PER_GRAPH + 1


@pytest.mark.parametrize("media_type", RDF_TYPES)
def test_describe_parses_back(pool: QueryPool, reference: Store, media_type: str) -> None:
    query = f"DESCRIBE <{EX}item/7>"
    outcome = pool.run(QueryJob(query, "DESCRIBE", media_type))
    rdf_format = RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    parsed = {quad.triple for quad in parse(outcome.body, rdf_format)}
    assert parsed == set(reference.query(query))
    assert len(parsed) == outcome.rows == 3


def test_predeclared_prefixes_are_usable(pool: QueryPool) -> None:
    query = "SELECT ?o { ?s ex:value ?o } ORDER BY ?o LIMIT 1"
    with pytest.raises(QuerySyntaxError):
        pool.run(QueryJob(query, "SELECT", RESULTS_TYPES[0]))
    outcome = pool.run(QueryJob(query, "SELECT", RESULTS_TYPES[0], prefixes=(("ex", EX),)))
    assert [row["o"] for row in parse_select(outcome)] == [Literal(0)]


# --- caps -----------------------------------------------------------------------------------


@pytest.mark.parametrize("media_type", RESULTS_TYPES)
def test_row_cap_truncates_select(store_path: Path, media_type: str) -> None:
    with QueryPool(store_path, workers=1, max_rows=40) as capped:
        outcome = capped.run(QueryJob(ALL_TRIPLES, "SELECT", media_type))
    assert (outcome.rows, outcome.truncated) == (40, True)
    assert len(parse_select(outcome)) == 40


def test_exactly_max_rows_is_not_truncated(store_path: Path) -> None:
    with QueryPool(store_path, workers=1, max_rows=40) as capped:
        outcome = capped.run(QueryJob(ALL_TRIPLES + " LIMIT 40", "SELECT", RESULTS_TYPES[0]))
    assert (outcome.rows, outcome.truncated) == (40, False)


@pytest.mark.parametrize("media_type", ["text/turtle", "application/trig"])
def test_row_cap_truncates_construct(store_path: Path, media_type: str) -> None:
    with QueryPool(store_path, workers=1, max_rows=40) as capped:
        outcome = capped.run(QueryJob("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", media_type))
    rdf_format = RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    assert (outcome.rows, outcome.truncated) == (40, True)
    assert len(list(parse(outcome.body, rdf_format))) == 40


@pytest.mark.parametrize("media_type", [*RESULTS_TYPES, "text/turtle"])
def test_byte_cap_truncates_to_whole_rows(store_path: Path, media_type: str) -> None:
    form = "CONSTRUCT" if media_type == "text/turtle" else "SELECT"
    query = "CONSTRUCT WHERE { ?s ?p ?o }" if form == "CONSTRUCT" else ALL_TRIPLES
    with QueryPool(store_path, workers=1, max_result_bytes=3000) as capped:
        outcome = capped.run(QueryJob(query, form, media_type))
    assert outcome.truncated
    assert 0 < outcome.rows < 300
    assert len(outcome.body) <= 3000
    if form == "CONSTRUCT":
        assert len(list(parse(outcome.body, RdfFormat.TURTLE))) == outcome.rows
    else:
        assert len(parse_select(outcome)) == outcome.rows


# --- errors ---------------------------------------------------------------------------------


def test_syntax_error_gives_line_and_column(pool: QueryPool) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        pool.run(QueryJob("SELECT *\nWHERE { ?s ?p }", "SELECT", RESULTS_TYPES[0]))
    assert re.search(r"\b2:\d+", str(raised.value))


def test_service_is_refused_before_any_worker_runs_it(pool: QueryPool) -> None:
    job = QueryJob("SELECT * { service <http://127.0.0.1:9/> { ?s ?p ?o } }", "SELECT", "text/csv")
    with pytest.raises(QueryRefused):
        pool.run(job)


def test_query_of_another_form_than_announced_fails(pool: QueryPool) -> None:
    job = QueryJob("CONSTRUCT WHERE { ?s ?p ?o }", "SELECT", RESULTS_TYPES[0])
    with pytest.raises(QueryFailed, match="not a SELECT"):
        pool.run(job)


@pytest.mark.parametrize(
    ("args", "graphs"),
    [
        ((QUICK, "ASK", "text/turtle"), {}),
        (("CONSTRUCT WHERE {}", "CONSTRUCT", "text/csv"), {}),
        ((QUICK, "UPDATE", "text/csv"), {}),
        ((QUICK, "ASK", "text/csv"), {"default_graphs": ("not an iri",)}),
    ],
    ids=["results-as-rdf", "rdf-as-results", "unknown-form", "bad-graph-iri"],
)
def test_caller_mistakes_are_value_errors_and_make_no_job(
    args: tuple[str, str, str], graphs: dict[str, tuple[str, ...]]
) -> None:
    with pytest.raises(ValueError):
        QueryJob(*args, **graphs)


def test_the_pool_trusts_the_shape_the_job_was_made_with(pool: QueryPool) -> None:
    lexed = QueryShape("ASK", is_update=False, uses_service=True, depth=1)
    with pytest.raises(QueryRefused):  # refused on the caller's reading, not lexed again
        pool.run(QueryJob(QUICK, "ASK", RESULTS_TYPES[0], shape=lexed))
    assert QueryJob(QUICK, "ASK", RESULTS_TYPES[0]).shape.form == "ASK"  # lexed when not given


@pytest.mark.parametrize(
    ("error", "status", "retry_after"),
    [
        (QuerySyntaxError("Parser error at 2:7: expected a variable"), 400, None),
        (QueryTimeout.after(1.5), 503, "60"),
        (QueryFailed("the query worker died (exit code -9)"), 500, None),
        (QueryBusy("every query process is busy"), 503, "5"),
        (QueryRefused("SERVICE calls are not allowed on this endpoint"), 403, None),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
def test_every_query_error_is_answered_with_its_status_and_its_message(
    error: Exception, status: int, retry_after: str | None
) -> None:
    app = Flask(__name__)
    register(app)

    @app.route("/fail")
    def fail() -> None:
        raise error

    response = app.test_client().get("/fail", headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.get_json()["error"]["detail"] == str(error)
    assert response.headers.get("Retry-After") == retry_after


def test_missing_store_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(QueryFailed, match="cannot open the store"):
        QueryPool(tmp_path / "missing", workers=1)


# --- graphs ---------------------------------------------------------------------------------


def count(pool: QueryPool, query: str, **graphs: tuple[str, ...]) -> int:
    outcome = pool.run(QueryJob(query, "SELECT", RESULTS_TYPES[0], **graphs))
    [row] = parse_select(outcome)
    return int(row["n"].value)


def test_default_graph_is_the_union_unless_graphs_are_given(pool: QueryPool) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    assert count(pool, query) == 2 * PER_GRAPH + 1
    assert count(pool, query, default_graphs=(G1,)) == PER_GRAPH
    assert count(pool, query, default_graphs=(G1, G2)) == 2 * PER_GRAPH + 1


def test_named_graphs_limit_graph_patterns(pool: QueryPool) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    assert count(pool, query) == 2
    assert count(pool, query, named_graphs=(G2,)) == 1
    query = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"
    assert count(pool, query, named_graphs=(G2,)) == 0


# --- time limit and workers -----------------------------------------------------------------


@pytest.mark.timeout(60)
def test_runaway_query_is_killed_while_others_are_served(store_path: Path) -> None:
    limit = 1.5
    with QueryPool(store_path, workers=2, timeout=limit) as limited:
        started = time.monotonic()
        runaway, box = in_thread(lambda: limited.run(QueryJob(RUNAWAY, "SELECT", "text/csv")))
        time.sleep(0.3)  # let the runaway reach its worker
        asked = time.monotonic()
        assert limited.run(QueryJob(QUICK, "ASK", RESULTS_TYPES[0])).body
        assert time.monotonic() - asked < 0.5
        runaway.join(limit + 5)
        assert isinstance(box.get("error"), QueryTimeout)
        assert box["ended"] - started < limit + 1
        assert limited.timeouts == 1
        assert busy_children() < 20  # the evaluation really stopped
        assert time.monotonic() - box["ended"] < 3
        # the killed worker's slot is refilled on demand
        for _ in range(3):
            assert limited.run(QueryJob(QUICK, "ASK", RESULTS_TYPES[0])).rows == 1


def busiest_descendant(within: float) -> psutil.Process:
    """The descendant that gains the most CPU time: robust when other work loads the machine."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        children = psutil.Process().children(recursive=True)
        before = {}
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):  # it may end as we look
                before[child.pid] = sum(child.cpu_times()[:2])
        time.sleep(0.5)
        gains = []
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                gains.append((sum(child.cpu_times()[:2]) - before.get(child.pid, 0.0), child))
        if gains:
            gain, child = max(gains, key=lambda pair: pair[0])
            if gain > 0.1:
                return child
    raise AssertionError("no descendant process became busy")


@pytest.mark.timeout(60)
def test_worker_that_dies_mid_query_fails_and_is_replaced(store_path: Path) -> None:
    with QueryPool(store_path, workers=1, timeout=30) as single:
        before = {child.pid for child in psutil.Process().children(recursive=True)}
        victim, box = in_thread(lambda: single.run(QueryJob(RUNAWAY, "SELECT", "text/csv")))
        busy = busiest_descendant(within=10)
        assert busy.pid in before
        busy.send_signal(signal.SIGKILL)
        victim.join(10)
        assert isinstance(box.get("error"), QueryFailed)
        assert str(box["error"]) == "the query worker died (exit code -9)"
        assert single.timeouts == 0
        assert single.run(QueryJob(QUICK, "ASK", RESULTS_TYPES[0])).rows == 1


@pytest.mark.timeout(60)
def test_busy_pool_answers_query_busy_after_the_queue_wait(store_path: Path) -> None:
    with QueryPool(store_path, workers=1, timeout=3, queue_wait=0.2) as single:
        runaway, box = in_thread(lambda: single.run(QueryJob(RUNAWAY, "SELECT", "text/csv")))
        time.sleep(0.3)
        asked = time.monotonic()
        with pytest.raises(QueryBusy):
            single.run(QueryJob(QUICK, "ASK", RESULTS_TYPES[0]))
        assert 0.2 <= time.monotonic() - asked < 1
        runaway.join(10)
        assert isinstance(box.get("error"), QueryTimeout)


@pytest.mark.timeout(60)
def test_eight_threads_share_two_workers(pool: QueryPool, reference: Store) -> None:
    def ask(i: int) -> tuple[int, list[dict[str, Any]]]:
        query = f"SELECT ?o {{ <{EX}item/{i}> <{EX}value> ?o }}"
        return i, parse_select(pool.run(QueryJob(query, "SELECT", RESULTS_TYPES[i % 2])))

    with ThreadPoolExecutor(8) as executor:
        answers = list(executor.map(ask, range(80)))
    for i, rows in answers:
        assert rows == expected_select(reference, f"SELECT ?o {{ <{EX}item/{i}> <{EX}value> ?o }}")
    assert all(rows for _, rows in answers)


@pytest.mark.timeout(60)
def test_close_stops_the_workers(store_path: Path) -> None:
    def workers() -> set[psutil.Process]:
        # the fork server is our child; the workers are its children
        return {c for c in psutil.Process().children(recursive=True) if c.ppid() != os.getpid()}

    before = workers()
    closing = QueryPool(store_path, workers=2)
    started = workers() - before
    assert len(started) == 2
    closing.close()
    assert not any(
        worker.is_running() and worker.status() != psutil.STATUS_ZOMBIE for worker in started
    )
    with pytest.raises(QueryFailed):
        closing.run(QueryJob(QUICK, "ASK", RESULTS_TYPES[0]))


ORPHAN_MAKER = """
import sys, threading, time
from server.backends.jobs import QueryJob
from server.backends.pool import QueryPool
pool = QueryPool(sys.argv[1], workers=2, timeout=600)
for _ in range(2):
    job = QueryJob(sys.argv[2], "SELECT", "text/csv")
    threading.Thread(target=pool.run, args=(job,), daemon=True).start()
print("running", flush=True)
time.sleep(600)
"""


def running(processes: list[psutil.Process]) -> list[psutil.Process]:
    """Those of ``processes`` still executing (a zombie has stopped; its parent reaps it)."""
    alive = []
    for process in processes:
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            continue
    return alive


@pytest.mark.timeout(60)
def test_workers_die_with_a_killed_parent(store_path: Path) -> None:
    command = [sys.executable, "-c", ORPHAN_MAKER, str(store_path), RUNAWAY]
    root = Path(__file__).resolve().parents[2]
    with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE) as parent:
        try:
            assert parent.stdout is not None
            assert parent.stdout.readline() == b"running\n"
            descendants = psutil.Process(parent.pid).children(recursive=True)
            assert len(running(descendants)) >= 3  # the fork server and two workers
        finally:
            parent.kill()
    deadline = time.monotonic() + 5
    while running(descendants) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(descendants)


# --- network --------------------------------------------------------------------------------


def try_to_connect(port: int) -> tuple[bool, bool]:
    """Run in a fresh worker-like process: drop the network, then try to reach ``port``."""
    isolated = _drop_network()
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return isolated, False
    return isolated, True


def test_workers_cannot_open_connections(pool: QueryPool) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        with multiprocessing.get_context("forkserver").Pool(1) as probe:
            isolated, connected = probe.apply(try_to_connect, (port,))
    if not isolated:
        pytest.skip("this kernel refuses unprivileged network namespaces")
    assert not connected
    assert pool.network_isolated


# --- the TSV route --------------------------------------------------------------------------

TERMS = st.one_of(
    st.text().map(Literal),
    st.builds(Literal, st.text(), language=st.sampled_from(["en", "ru", "kk", "fr-CA"])),
    st.integers().map(Literal),
    st.floats(allow_nan=False).map(Literal),
    st.booleans().map(Literal),
    st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True).map(BlankNode),
    st.from_regex(r"http://example\.org/[A-Za-z0-9_~.-]{0,12}", fullmatch=True).map(NamedNode),
)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(TERMS, TERMS), max_size=20))
def test_tsv_route_writes_what_direct_serialization_writes(rows: list[tuple[Any, Any]]) -> None:
    store = Store()
    for i, (first, second) in enumerate(rows):
        graph = NamedNode(f"{EX}row/{i}")
        store.add(Quad(graph, NamedNode(EX + "first"), first, graph))
        store.add(Quad(graph, NamedNode(EX + "second"), second, graph))
    query = (
        f"SELECT ?g ?a ?b {{ GRAPH ?g {{ ?g <{EX}first> ?a OPTIONAL {{ ?g <{EX}second> ?b }} }} }}"
    )
    for results_format in (QueryResultsFormat.JSON, QueryResultsFormat.XML):
        direct = store.query(query).serialize(format=results_format)
        routed, count, truncated = write_solutions(store.query(query), results_format, 100, 2**20)
        assert (routed, count, truncated) == (direct, len(rows), False)
