"""The sparql backend: query text rewritten for the protocol, the release loaded into an engine
and its counts checked, the engine's failures turned into our errors, the time limit, and the
same pages and answers as the embedded store.

The HTTP suites (test_sparql_protocol.py, test_linked_data.py) run on this backend as well.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from flask import Flask
from pyoxigraph import Literal, NamedNode, QueryBoolean, Store, Variable

from bench.live_server import Engine, live_server, load_into, oxigraph_server
from bench.processes import tool
from server.app import create_app
from server.backends.embedded import EmbeddedBackend
from server.backends.loading import release_triples
from server.backends.release import (
    GRAPH_MERGED,
    GRAPH_RELEASE,
    Release,
    RemoteStoreError,
    count_graphs,
    endpoint_select,
)
from server.backends.remote import RemoteBackend
from server.backends.remote_text import bind_values, parse_only_text, with_prefixes
from server.checks.consistency import consistency_report
from server.core.config import Config, load_config
from server.core.namespaces import GRAPH, PREFIXES
from server.linked_data.describe import DESCRIPTION_QUERY
from server.store import disk as stores
from server.store.export import union_triples

from ..conftest import ROOT

OPERATION = "https://w3id.org/zhusan/id/operation/zhusan"
PHASE_2 = OPERATION + "/phase/2"
REFERENCE = GRAPH + "reference"
PHASES = "SELECT ?phase ?n WHERE { ?phase a zh:Phase ; zh:ordinal ?n } ORDER BY ?n"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"


def settings(config: Config, url: str, **more: Any) -> Config:
    values = {"data_dir": config.data_dir, "input_dir": str(ROOT)}
    return load_config({**values, "backend": "sparql", "sparql_url": url, **more}, environ={})


# ---- query text ---------------------------------------------------------------------------------


BOUND = [
    (DESCRIPTION_QUERY, {"this": NamedNode(PHASE_2)}),
    (DESCRIPTION_QUERY, {"this": NamedNode(OPERATION)}),
    (
        "SELECT ?this (COUNT(*) AS ?n) WHERE { ?this ?p ?o } GROUP BY ?this",
        {"this": NamedNode(OPERATION)},
    ),
    ("SELECT * WHERE { { SELECT ?this ?p WHERE { ?this ?p ?o } } }", {"this": NamedNode(PHASE_2)}),
    (
        "SELECT ?x ?label WHERE { ?x rdfs:label ?label }",
        {"label": Literal("Zhusan-2", language="en")},
    ),
    ("ASK { ?this zh:ordinal 2 }", {"this": NamedNode(PHASE_2)}),
    ("CONSTRUCT WHERE { ?this ?p ?o }", {"this": NamedNode(PHASE_2)}),
    (
        "SELECT ?this ?o WHERE { ?this ?p ?o FILTER NOT EXISTS { ?o a zh:Phase } } ORDER BY ?o",
        {"this": NamedNode(OPERATION)},
    ),
]


def _rows(answer: Any) -> Any:
    if hasattr(answer, "variables"):
        names = [v.value for v in answer.variables]
        return sorted(tuple(str(row[n]) for n in names) for row in answer)
    if isinstance(answer, QueryBoolean):
        return bool(answer)
    return sorted(str(t) for t in answer)


@pytest.mark.parametrize(("query", "bindings"), BOUND, ids=range(len(BOUND)))
def test_values_block_answers_as_substitution_does(
    store: Store, query: str, bindings: dict[str, Any]
) -> None:
    options: dict[str, Any] = {"prefixes": PREFIXES, "use_default_graph_as_union": True}
    substituted = store.query(
        query, substitutions={Variable(k): v for k, v in bindings.items()}, **options
    )
    rewritten = store.query(bind_values(query, bindings), **options)
    expected = _rows(substituted)
    assert expected, "a binding that matches nothing proves nothing"
    assert _rows(rewritten) == expected


@pytest.mark.parametrize(
    "value", [Variable("x"), "<https://example.org/> } DROP ALL", None], ids=["var", "str", "none"]
)
def test_only_iris_and_literals_are_bound(value: object) -> None:
    with pytest.raises(ValueError, match="only IRIs and literals"):
        bind_values("SELECT * WHERE { ?this ?p ?o }", {"this": value})


def test_variable_names_are_checked() -> None:
    with pytest.raises(ValueError, match="not a variable name"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s) } DROP ALL {": NamedNode(PHASE_2)})


def test_prefixes_are_declared_when_used_and_not_declared_by_the_query() -> None:
    text = with_prefixes(
        "PREFIX zh: <https://example.org/own#>\nSELECT * { ?s a zh:Phase ; schema:name ?n }\n"
        "# rdfs:label in a comment",
        PREFIXES,
    )
    assert text.startswith("PREFIX schema: <http://schema.org/> PREFIX zh: <https://example")
    assert "rdfs:" not in text.split("\n")[0]
    assert text.count("\n") == 2  # the client's line numbers are kept


def test_ask_is_checked_for_syntax_without_being_evaluated() -> None:
    values = " ".join(str(i) for i in range(2000))
    costly = f"ASK {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} FILTER(?a + ?b < 0) }}"
    started = time.monotonic()
    Store().query(parse_only_text(costly))
    assert time.monotonic() - started < 1.0
    with pytest.raises(SyntaxError):
        Store().query(parse_only_text("ASK { ?s ?p }"))


# ---- loading an engine and checking it ----------------------------------------------------------


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A private, empty Oxigraph server, for tests that load or change it."""
    with oxigraph_server(tmp_path / "location", tmp_path / "oxigraph.log") as running:
        yield running


def count_lines(built: stores.BuildResult, store: Store) -> list[str]:
    """The loader's report: every graph, and their merge with each triple once."""
    loaded = {**built.counts, GRAPH_MERGED: len(union_triples(store))}
    return [f"  {n:>7}  {graph}" for graph, n in sorted(loaded.items())]


def test_load_into_verifies_every_graph_count(
    config: Config, built: stores.BuildResult, store: Store, engine: Engine
) -> None:
    result = load_into(engine, Path(config.data_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout.split("verified: ", 1)[1].splitlines()
    assert report[0] == f"release {built.content_hash[:12]} in {engine.store}"
    assert report[1:] == count_lines(built, store)
    backend = RemoteBackend(settings(config, engine.query))
    assert backend.version == built.content_hash
    assert backend.counts == built.counts


class _Sink(BaseHTTPRequestHandler):
    """A Graph Store that acknowledges every request and keeps nothing."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    do_DELETE = do_PUT

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_stub() -> Iterator[Any]:
    """Start a local HTTP server with a given handler class on a free loopback port."""
    started: list[ThreadingHTTPServer] = []

    def start(handler: type[BaseHTTPRequestHandler]) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


class _EchoingEngine(BaseHTTPRequestHandler):
    """Answers like Virtuoso: one X-SPARQL-… header for every graph the request names."""

    def do_POST(self) -> None:
        fields = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        body = b'{"head":{"vars":["g","n"]},"results":{"bindings":[]}}'
        self.send_response(200)
        for name in ("default", "named"):
            for graph in fields.get(f"{name}-graph-uri", []):
                self.send_header(f"X-SPARQL-{name}-graph", graph)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_engine_that_echoes_every_graph_as_a_header_is_still_read(http_stub: Any) -> None:
    graphs = tuple(f"http://example.org/graph/{number}" for number in range(300))
    select = endpoint_select(http_stub(_EchoingEngine) + "/query")
    assert count_graphs(select, graphs) == dict.fromkeys(graphs, 0)  # 600 headers: read
    assert http.client._MAXHEADERS == 100  # without raising the standard library's limit


class _FloodingEngine(_EchoingEngine):
    def send_header(self, keyword: str, value: str) -> None:
        super().send_header(keyword.replace("X-SPARQL-", "X-Other-"), value)


def test_only_the_echo_of_the_graphs_is_read_past_the_header_limit(http_stub: Any) -> None:
    graphs = tuple(f"http://example.org/graph/{number}" for number in range(60))
    select = endpoint_select(http_stub(_FloodingEngine) + "/query")
    with pytest.raises(RemoteStoreError, match="got more than 100 headers"):
        count_graphs(select, graphs)


def test_a_load_the_engine_loses_fails_the_count_check(
    config: Config, built: stores.BuildResult, engine: Engine, http_stub: Any
) -> None:
    losing = Engine(engine.process, http_stub(_Sink), engine.location)
    command = [sys.executable, "-m", "server.cli", "--data-dir", config.data_dir, "build"]
    result = subprocess.run(
        [*command, "--load-into", losing.store, "--sparql-url", engine.query],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "ZHUSAN_INPUT_DIR": str(ROOT)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"MISMATCH: release {built.content_hash[:12]}" in result.stdout
    assert f"! no release graph <{GRAPH_RELEASE}> in the engine" in result.stdout
    assert f"! <{REFERENCE}>: 0 triples, expected {built.counts[REFERENCE]}" in result.stdout


def test_reload_deletes_graphs_the_new_release_no_longer_has(
    config: Config, built: stores.BuildResult, engine: Engine
) -> None:
    gone = GRAPH + "source/999"
    old = Release("0" * 64, config.base + "id/", {gone: 1})
    one = '<https://w3id.org/zhusan/id/x> <https://w3id.org/zhusan/id/y> "1" .\n'
    description = "".join(f"{t} .\n" for t in release_triples(old))
    for graph, body in ((gone, one), (GRAPH_RELEASE, description)):
        put = requests.put(
            engine.store,
            params={"graph": graph},
            data=body.encode(),
            headers={"Content-Type": "application/n-triples"},
            timeout=30,
        )
        assert put.status_code in (201, 204)
    result = load_into(engine, Path(config.data_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    asked = requests.post(
        engine.query, data={"query": f"ASK {{ GRAPH <{gone}> {{ ?s ?p ?o }} }}"}, timeout=30
    )
    assert asked.json()["boolean"] is False


def test_bulk_loader_fills_a_new_location_that_a_read_only_engine_serves(
    config: Config, built: stores.BuildResult, store: Store, tmp_path: Path
) -> None:
    location = tmp_path / "bulk"
    command = [sys.executable, "-m", "server.cli", "--data-dir", config.data_dir, "build"]
    command += ["--load-into", str(location), "--via", "oxigraph-load"]
    env = {"PATH": "/usr/bin:/bin", "ZHUSAN_INPUT_DIR": str(ROOT)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split("verified: ", 1)[1].splitlines()[1:] == count_lines(built, store)
    with oxigraph_server(location, tmp_path / "oxigraph.log", read_only=True) as running:
        backend = RemoteBackend(settings(config, running.query))
        assert (backend.version, backend.counts) == (built.content_hash, built.counts)
    again = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert again.returncode == 2
    assert "is not empty" in again.stderr


def test_nquads_file_carries_the_release_to_another_engines_bulk_loader(
    config: Config, built: stores.BuildResult, tmp_path: Path
) -> None:
    dump = tmp_path / "release.nq.gz"
    command = [sys.executable, "-m", "server.cli", "--data-dir", config.data_dir, "build"]
    command += ["--load-into", str(dump), "--via", "nquads"]
    env = {"PATH": "/usr/bin:/bin", "ZHUSAN_INPUT_DIR": str(ROOT)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"written: release {built.content_hash[:12]} to {dump}" in result.stdout
    # Any engine's own loader will do; Oxigraph's stands in for them here.
    location = tmp_path / "location"
    loader = [tool("oxigraph"), "load", "--location", str(location), "--file", str(dump)]
    subprocess.run(loader, capture_output=True, check=True)
    with oxigraph_server(location, tmp_path / "oxigraph.log", read_only=True) as running:
        backend = RemoteBackend(settings(config, running.query))
        assert (backend.version, backend.counts) == (built.content_hash, built.counts)


def test_server_refuses_an_engine_whose_counts_differ_from_its_release(
    config: Config, built: stores.BuildResult, engine: Engine
) -> None:
    assert load_into(engine, Path(config.data_dir)).returncode == 0
    one_less = (
        f"DELETE {{ GRAPH <{REFERENCE}> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT ?s ?p ?o WHERE "
        f"{{ GRAPH <{REFERENCE}> {{ ?s ?p ?o }} }} LIMIT 1 }} }}"
    )
    assert requests.post(engine.url + "/update", data={"update": one_less}, timeout=30).ok
    expected = f"<{REFERENCE}>: {built.counts[REFERENCE] - 1} triples, expected"
    with pytest.raises(RemoteStoreError, match=re.escape(expected)):
        RemoteBackend(settings(config, engine.query))
    serve = subprocess.run(
        [sys.executable, "-m", "server.cli", "--data-dir", config.data_dir, "serve"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "ZHUSAN_INPUT_DIR": str(ROOT),
            "ZHUSAN_BACKEND": "sparql",
            "ZHUSAN_SPARQL_URL": engine.query,
        },
    )
    assert serve.returncode == 2
    assert expected in serve.stderr


def test_server_refuses_an_engine_without_a_release(config: Config, engine: Engine) -> None:
    with pytest.raises(RemoteStoreError, match="holds no Zhusan release"):
        RemoteBackend(settings(config, engine.query))


# ---- the same application on both backends ------------------------------------------------------


@pytest.fixture(scope="module")
def embedded_app(config: Config, built: stores.BuildResult) -> Flask:
    return create_app(config, backend=EmbeddedBackend(config))


@pytest.fixture(scope="module")
def remote_app(config: Config, built: stores.BuildResult, remote_engine: Engine) -> Flask:
    return create_app(settings(config, remote_engine.query))


PAGES = [
    "/",
    "/browse",
    "/browse?type=https://w3id.org/zhusan/ontology%23Phase",
    "/timeline",
    "/chart",
    "/search?q=zhusan",
    "/consistency",
    f"/graph?iri={OPERATION}",
    "/queries/phase-figures",
    "/ontology",
    "/doc/operation/zhusan/phase/2.html",
    "/doc/operation/zhusan/phase/2.ttl",
    "/.well-known/void",
    "/store?graph=https://w3id.org/zhusan/graph/reference",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_and_documents_are_the_same_on_both_backends(
    embedded_app: Flask, remote_app: Flask, path: str
) -> None:
    headers = {"Accept": "text/html" if "." not in path.rsplit("/", 1)[-1] else "*/*"}
    if path.startswith(("/.well-known", "/store")):
        headers = {"Accept": "application/n-triples"}
    embedded = embedded_app.test_client().get(path, headers=headers)
    remote = remote_app.test_client().get(path, headers=headers)
    assert embedded.status_code == remote.status_code == 200
    assert embedded.headers.get("ETag") == remote.headers.get("ETag")
    if headers["Accept"] == "application/n-triples":  # the same triples, in the engine's order
        assert sorted(embedded.data.splitlines()) == sorted(remote.data.splitlines())
    else:
        assert embedded.data == remote.data


def test_long_chains_are_refused_before_they_reach_the_engine(
    remote_app: Flask,
    remote_engine: Engine,
) -> None:
    # 2,000 UNION branches crash Oxigraph server 0.5.13 (a stack overflow): it must never see them.
    union = " UNION ".join(f"{{ ?s zh:ordinal {n} }}" for n in range(2000))
    client = remote_app.test_client()
    refused = client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ {union} }}"})
    assert refused.status_code == 400
    assert b"at most 2000 are sent to the SPARQL engine" in refused.data
    alive = requests.post(remote_engine.query, data={"query": "ASK {}"}, timeout=30)
    assert alive.json()["boolean"] is True


def test_long_values_blocks_are_not_chains(remote_app: Flask) -> None:
    values = " ".join(f"<{OPERATION}/phase/{n}>" for n in range(1, 5001))
    query = f"SELECT ?n WHERE {{ VALUES ?p {{ {values} }} ?p zh:ordinal ?n }} ORDER BY ?n"
    response = remote_app.test_client().post("/sparql", data={"query": query})
    assert response.status_code == 200, response.data[:300]
    assert [b["n"]["value"] for b in response.get_json()["results"]["bindings"]] == list("12345")


def test_consistency_report_reads_the_same_through_the_remote_backend(
    config: Config,
    store: Store,
    remote_engine: Engine,
) -> None:
    remote = consistency_report(RemoteBackend(settings(config, remote_engine.query)))
    assert remote == consistency_report(store)
    assert remote.summary() == {"pass": 17, "fail": 0, "undecided": 4}


def test_dumps_are_served_only_for_the_release_built_here(
    config: Config,
    tmp_path: Path,
    remote_engine: Engine,
) -> None:
    elsewhere = settings(config, remote_engine.query, data_dir=str(tmp_path / "empty"))
    backend = RemoteBackend(elsewhere)
    assert backend.dumps is None
    assert "no dumps for release" in backend.no_dumps
    client = create_app(elsewhere, backend=backend).test_client()
    assert client.get("/dumps", headers={"Accept": "application/json"}).status_code == 404
    assert client.get("/.well-known/void", headers={"Accept": "text/turtle"}).status_code == 200


# ---- the engine's failures, as our errors --------------------------------------------------------


class _Relay(BaseHTTPRequestHandler):
    """Passes queries on to a real engine, unless the query carries `# engine:<misbehaviour>`."""

    target = ""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        query = parse_qs(body.decode())["query"][0]
        found = re.search(r"# engine:(\w+)", query)
        kind = found.group(1) if found else ""
        if kind.isdigit():
            self._answer(int(kind), "text/plain", b"this engine does not do that")
        elif kind == "html":
            self._answer(200, "text/html", b"<html>not results</html>")
        elif kind == "drop":
            self.close_connection = True
        elif kind == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[')
            self.wfile.flush()
            time.sleep(4)
        else:
            if kind == "slow":
                time.sleep(4)
            headers = {k: v for k, v in self.headers.items() if k in ("Accept", "Content-Type")}
            relayed = requests.post(self.target, data=body, headers=headers, timeout=30)
            self._answer(relayed.status_code, relayed.headers["Content-Type"], relayed.content)

    def _answer(self, status: int, media_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def relayed_app(
    config: Config,
    built: stores.BuildResult,
    remote_engine: Engine,
) -> Iterator[Flask]:
    relay = type("Relay", (_Relay,), {"target": remote_engine.query})
    server = ThreadingHTTPServer(("127.0.0.1", 0), relay)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield create_app(settings(config, url, query_timeout=1.5))
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("misbehaviour", "status", "says"),
    [
        ("400", 400, "the SPARQL engine behind this endpoint cannot answer it"),
        ("501", 400, "the SPARQL engine behind this endpoint cannot answer it"),
        ("500", 502, "the SPARQL engine answered 500: this engine does not do that"),
        ("503", 503, "the SPARQL engine stopped the query (503)"),
        ("html", 502, "answered in text/html, not in a SPARQL results format"),
        ("drop", 502, "cannot be reached"),
        ("slow", 503, "ran longer than 1.5 s"),
        ("trickle", 503, "ran longer than 1.5 s"),
    ],
)
def test_engine_failures_become_our_errors_and_say_so(
    relayed_app: Flask, misbehaviour: str, status: int, says: str
) -> None:
    query = f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 3 # engine:{misbehaviour}"
    started = time.monotonic()
    response = relayed_app.test_client().get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
    )
    assert time.monotonic() - started < 3.5  # never waits past the limit for a slow engine
    assert response.status_code == status
    assert says in response.get_json()["error"]["detail"]


def test_relay_passes_ordinary_queries(relayed_app: Flask) -> None:
    response = relayed_app.test_client().get("/sparql", query_string={"query": PHASES})
    assert [b["n"]["value"] for b in response.get_json()["results"]["bindings"]] == list("12345")


# ---- the time limit against a real engine --------------------------------------------------------


def test_runaway_query_is_503_at_the_time_limit_while_others_are_served(
    config: Config, built: stores.BuildResult, engine: Engine, tmp_path: Path
) -> None:
    # The engine keeps evaluating after we give up (Oxigraph 0.5's --timeout-s does not stop
    # this one): a private engine, killed with the test, keeps that away from other tests.
    assert load_into(engine, Path(config.data_dir)).returncode == 0
    limit = 2.0
    with live_server(
        Path(config.data_dir),
        tmp_path / "server.log",
        backend="sparql",
        sparql_url=engine.query,
        query_timeout=limit,
    ) as server:
        outcome: dict[str, Any] = {}

        def runaway() -> None:
            started = time.monotonic()
            response = requests.get(server.sparql, params={"query": RUNAWAY}, timeout=30)
            outcome.update(
                status=response.status_code,
                text=response.text,
                seconds=time.monotonic() - started,
            )

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)
        started = time.monotonic()
        answered = requests.get(server.sparql, params={"query": PHASES}, timeout=30)
        assert answered.status_code == 200 and len(answered.json()["results"]["bindings"]) == 5
        assert time.monotonic() - started < 1.0
        thread.join()
        assert outcome["status"] == 503
        assert "time limit" in outcome["text"]
        assert limit <= outcome["seconds"] <= limit + 1.5
        metrics = requests.get(server.url + "/metrics", timeout=30).text
        assert "zhusan_query_timeouts_total 1.0" in metrics
