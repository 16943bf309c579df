"""The SPARQL 1.1 Protocol, case by case, against the real server (gunicorn) over HTTP, on
both store backends: the embedded store, and the sparql backend in front of Oxigraph server."""

from __future__ import annotations

import gzip
import io
import json
import re
import signal
import socket
import threading
import time
from collections.abc import Iterator

import psutil
import pytest
import requests
from bs4 import BeautifulSoup
from pyoxigraph import Store
from rdflib import Dataset, Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, SPARQLWrapper

from bench.live_server import LiveServer
from bench.processes import free_port
from bench.stress import tree_cpu_percent
from server.app import create_app
from server.backends.querying import select
from server.core import sparql_text
from server.core.config import Config
from server.core.state import app_state
from server.store import disk as stores

from ..conftest import BACKENDS, ROOT

pytestmark = [pytest.mark.server, pytest.mark.backends(*BACKENDS)]

TIMEOUT = 3.0
PHASES = "SELECT ?phase ?n WHERE { ?phase a zh:Phase ; zh:ordinal ?n } ORDER BY ?n"
CONSTRUCT = "CONSTRUCT { ?p zh:ordinal ?n } WHERE { ?p a zh:Phase ; zh:ordinal ?n }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """Limits small enough to reach in a test, and room for concurrent requests."""
    return {
        "query_timeout": TIMEOUT,
        "max_rows": 1000,
        "max_body": 65536,
        "workers": 2,
        "threads": 8,
        "query_workers": 2,
    }


def get(
    server: LiveServer, query: str | None = None, accept: str | None = None, **params: object
) -> requests.Response:
    if query is not None:
        params["query"] = query
    headers = {"Accept": accept} if accept else {}
    return requests.get(server.sparql, params=params, headers=headers, timeout=30)


def rows(response: requests.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    data = response.json()
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


class Listener:
    """A local port that records whether anything ever connects to it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    watcher = Listener()
    yield watcher
    watcher.close()


# ---- ways of asking -------------------------------------------------------------------------


def test_get_with_query_parameter(server: LiveServer) -> None:
    assert [r["n"] for r in rows(get(server, PHASES))] == ["1", "2", "3", "4", "5"]


def test_post_form_encoded(server: LiveServer) -> None:
    response = requests.post(server.sparql, data={"query": PHASES}, timeout=30)
    assert len(rows(response)) == 5


def test_post_sparql_query_body(server: LiveServer) -> None:
    response = requests.post(
        server.sparql,
        data=PHASES.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert len(rows(response)) == 5


def test_ask(server: LiveServer) -> None:
    response = get(server, "ASK { phase:5 schema:startDate ?d }")
    assert response.json()["boolean"] is True


def test_construct_returns_turtle_by_default(server: LiveServer) -> None:
    response = get(server, CONSTRUCT)
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) == 5


def test_describe(server: LiveServer) -> None:
    response = get(server, "DESCRIBE phase:2", accept="application/n-triples")
    graph = Graph().parse(data=response.text, format="nt")
    assert len(graph) > 5


def test_prefixes_are_predeclared(server: LiveServer) -> None:
    assert rows(get(server, "SELECT ?l WHERE { op:zhusan rdfs:label ?l FILTER(LANG(?l)='kk') }"))


def test_graph_answers_declare_only_the_prefixes_they_use(server: LiveServer) -> None:
    query = "CONSTRUCT { phase:2 rdfs:label ?l } WHERE { phase:2 rdfs:label ?l }"
    response = get(server, query, accept="text/turtle")
    assert response.status_code == 200, response.text
    declared = re.findall(r"^@prefix ([\w-]*):", response.text, re.M)
    assert sorted(declared) == ["phase", "rdfs"]
    assert len(Graph().parse(data=response.text, format="turtle")) > 1


# ---- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("media_type", "fmt"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
def test_select_in_every_results_format(server: LiveServer, media_type: str, fmt: str) -> None:
    response = get(server, PHASES, accept=media_type)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    assert [str(row[1]) for row in result] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("media_type", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ],
)
def test_construct_in_every_rdf_format(
    server: LiveServer, media_type: str, rdflib_format: str
) -> None:
    response = get(server, CONSTRUCT, accept=media_type)
    assert response.headers["Content-Type"].split(";")[0] == media_type
    data = Dataset()
    data.parse(data=response.content, format=rdflib_format)
    assert len(list(data.quads())) == 5


def test_accept_q_values_choose_the_preferred_format(server: LiveServer) -> None:
    response = get(server, PHASES, accept="text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert response.headers["Content-Type"].startswith("application/sparql-results+xml")


def test_format_parameter_overrides_accept(server: LiveServer) -> None:
    response = get(server, PHASES, accept="application/sparql-results+json", format="tsv")
    assert response.headers["Content-Type"].startswith("text/tab-separated-values")


def test_unacceptable_type_is_406_with_the_offered_types(server: LiveServer) -> None:
    response = get(server, PHASES, accept="image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text and "text/csv" in response.text


# ---- dataset selection ------------------------------------------------------------------------


def test_default_graph_uri_selects_a_graph(server: LiveServer, built: stores.BuildResult) -> None:
    graph = "https://w3id.org/zhusan/graph/source/004"
    found = rows(get(server, COUNT_ALL, **{"default-graph-uri": graph}))
    assert found == [{"n": str(built.counts[graph])}]


def test_named_graph_uri_limits_the_named_graphs(server: LiveServer) -> None:
    graph = "https://w3id.org/zhusan/graph/reference"
    found = rows(
        get(
            server,
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            **{"named-graph-uri": graph},
        )
    )
    assert found == [{"g": graph}]


def test_dataset_iris_are_never_fetched(server: LiveServer, listener: Listener) -> None:
    remote = f"http://127.0.0.1:{listener.port}/data.ttl"
    found = rows(get(server, COUNT_ALL, **{"default-graph-uri": remote}))
    time.sleep(0.3)
    assert found == [{"n": "0"}]
    assert listener.connections == 0


def test_a_dataset_iri_that_is_not_an_iri_is_400(server: LiveServer) -> None:
    response = get(server, COUNT_ALL, **{"default-graph-uri": "not an iri"})
    assert response.status_code == 400


# ---- errors ---------------------------------------------------------------------------------


def test_malformed_query_is_400_with_position(server: LiveServer) -> None:
    response = get(server, "SELECT ?x WHERE { ?x ?y }")
    assert response.status_code == 400
    assert "1:" in response.text and "Malformed query" in response.text


def test_two_query_parameters_are_400(server: LiveServer) -> None:
    response = requests.get(
        server.sparql, params=[("query", PHASES), ("query", PHASES)], timeout=30
    )
    assert response.status_code == 400
    assert "once" in response.text


def test_query_and_update_together_are_400(server: LiveServer) -> None:
    response = requests.post(
        server.sparql, data={"query": PHASES, "update": "CLEAR ALL"}, timeout=30
    )
    assert response.status_code == 400


def test_query_in_url_and_body_is_400(server: LiveServer) -> None:
    response = requests.post(
        server.sparql,
        params={"query": PHASES},
        data=PHASES.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 400


def test_wrong_method_is_405_with_allow(server: LiveServer) -> None:
    response = requests.put(server.sparql, data=PHASES, timeout=30)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_wrong_body_type_is_415(server: LiveServer) -> None:
    response = requests.post(
        server.sparql, data=PHASES, headers={"Content-Type": "text/plain"}, timeout=30
    )
    assert response.status_code == 415


def test_body_that_is_not_utf8_is_400(server: LiveServer) -> None:
    response = requests.post(
        server.sparql,
        data=b"SELECT * WHERE { ?s ?p \xff\xfe }",
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_body_over_the_cap_is_413(server: LiveServer) -> None:
    padding = "# " + "x" * 70_000 + "\n"
    response = requests.post(
        server.sparql,
        data=(padding + PHASES).encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 413


def test_errors_answer_json_clients_in_json(server: LiveServer) -> None:
    response = get(server, "SELECT", accept="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_plain_json_clients_get_sparql_json(server: LiveServer) -> None:
    response = get(server, PHASES, accept="application/json")
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(rows(response)) == 5


# ---- read-only and no egress ------------------------------------------------------------------


def test_insert_data_is_refused_and_changes_nothing(server: LiveServer) -> None:
    before = rows(get(server, COUNT_ALL))
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }"
    by_update = requests.post(
        server.sparql,
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update"},
        timeout=30,
    )
    by_form = requests.post(server.sparql, data={"update": update}, timeout=30)
    by_query = get(server, update)
    assert {by_update.status_code, by_form.status_code, by_query.status_code} == {403}
    assert "read-only" in by_update.text
    assert rows(get(server, COUNT_ALL)) == before


def test_load_is_refused_and_opens_no_connection(server: LiveServer, listener: Listener) -> None:
    load = f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"
    for response in (
        requests.post(server.sparql, data={"update": load}, timeout=30),
        get(server, load),
    ):
        assert response.status_code == 403
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_is_refused_and_opens_no_connection(server: LiveServer, listener: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    response = get(server, query)
    time.sleep(0.3)
    assert response.status_code == 403
    assert "SERVICE" in response.text
    assert listener.connections == 0


# ---- limits, caching, compression, CORS -------------------------------------------------------


def test_row_cap_truncates_and_says_so(server: LiveServer) -> None:
    response = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert len(rows(response)) == 1000
    assert response.headers["X-Result-Truncated"].startswith("true")


def test_small_answer_is_not_marked_truncated(server: LiveServer) -> None:
    assert "X-Result-Truncated" not in get(server, PHASES).headers


def test_unchanged_answer_costs_a_304(server: LiveServer) -> None:
    first = get(server, PHASES)
    again = requests.get(
        server.sparql,
        params={"query": PHASES},
        headers={"If-None-Match": first.headers["ETag"]},
        timeout=30,
    )
    assert again.status_code == 304 and not again.content


def test_a_repeated_request_answered_from_its_bytes_is_the_same_answer(server: LiveServer) -> None:
    first, again = get(server, PHASES), get(server, PHASES)  # the second skips the parsing
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["X-Result-Rows"] == first.headers["X-Result-Rows"]
    held = requests.get(
        server.sparql,
        params={"query": PHASES},
        headers={"If-None-Match": first.headers["ETag"]},
        timeout=30,
    )
    assert held.status_code == 304
    csv = get(server, PHASES, accept="text/csv")  # other bytes: negotiated again
    assert csv.headers["Content-Type"].startswith("text/csv")


def test_a_refused_request_is_refused_again(server: LiveServer) -> None:
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    for _ in range(2):  # a refusal is never remembered as a known request
        response = requests.get(server.sparql, params={"query": service}, timeout=30)
        assert response.status_code == 403


def test_etag_differs_between_formats(server: LiveServer) -> None:
    assert (
        get(server, PHASES, accept="text/csv").headers["ETag"]
        != get(server, PHASES).headers["ETag"]
    )


def test_large_answers_are_gzipped(server: LiveServer) -> None:
    response = requests.get(
        server.sparql,
        params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 500"},
        headers={"Accept-Encoding": "gzip"},
        timeout=30,
        stream=True,
    )
    assert response.headers["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.raw.read()))
    assert len(body["results"]["bindings"]) == 500


def test_cors_allows_reads_from_any_origin(server: LiveServer) -> None:
    response = requests.get(
        server.sparql,
        params={"query": PHASES},
        headers={"Origin": "https://example.org"},
        timeout=30,
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(
        server.sparql,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=30,
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


# ---- service description ----------------------------------------------------------------------


def test_get_without_query_describes_the_service(server: LiveServer) -> None:
    response = requests.get(server.sparql, headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    result = graph.query(
        f"ASK {{ ?s a <{sd}Service> ; <{sd}endpoint> ?e ; "
        f"<{sd}supportedLanguage> <{sd}SPARQL11Query> ; <{sd}resultFormat> ?f ; "
        f"<{sd}defaultDataset> ?d }}"
    )
    assert result.askAnswer
    # the predeclared prefixes are published with it
    assert "https://w3id.org/zhusan/ontology#" in response.text


def test_browser_gets_the_editor_page(server: LiveServer) -> None:
    response = requests.get(server.sparql, headers={"Accept": "text/html,*/*;q=0.8"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    # The editor itself, not any page with a form: YASGUI's container and scripts, the examples
    # (one per saved query), and the plain form that asks this very endpoint.
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("div", id="yasgui") is not None
    # Static URLs carry their version (?v=…), for caching.
    scripts = [str(tag["src"]).split("?v=")[0] for tag in page.find_all("script", src=True)]
    assert "/static/vendor/yasgui.min.js" in scripts and "/static/editor.js" in scripts
    examples = [a["data-name"] for a in page.select("#example-queries a.example")]
    saved = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
    assert sorted(examples) == saved
    form = page.find("form", id="plain-editor")
    assert (
        form is not None
        and form["action"] == "/sparql"
        and form.find("textarea", attrs={"name": "query"})
    )


# ---- operations ---------------------------------------------------------------------------------


def test_healthz(server: LiveServer, built: stores.BuildResult) -> None:
    body = requests.get(server.url + "/healthz", timeout=30).json()
    assert body["status"] == "ok" and body["version"] == built.content_hash


def test_metrics_count_requests(server: LiveServer) -> None:
    get(server, PHASES)
    text = requests.get(server.url + "/metrics", timeout=30).text
    assert 'zhusan_requests_total{method="GET",route="/sparql",status="200"}' in text
    assert "zhusan_request_duration_seconds_bucket" in text


def test_access_log_shows_each_query_duration(server: LiveServer) -> None:
    marker = "SELECT ?marker WHERE { BIND(42 AS ?marker) }"
    get(server, marker)
    time.sleep(0.3)
    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    [entry] = [e for e in entries if e.get("query") == marker]
    assert entry["status"] == 200 and entry["path"] == "/sparql"
    assert entry["duration_ms"] >= entry["eval_ms"] > 0


def test_a_repeated_query_is_answered_from_the_cache(server: LiveServer) -> None:
    marker = "SELECT ?cached WHERE { BIND(7 AS ?cached) }"
    bodies = {get(server, marker).content for _ in range(6)}  # 6 requests, 2 web processes
    time.sleep(0.3)
    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    caching = [e["cache"] for e in entries if e.get("query") == marker]
    assert len(bodies) == 1 and len(caching) == 6
    assert "hit" in caching and caching.count("miss") <= 2


# ---- the time limit --------------------------------------------------------------------


@pytest.mark.backends(
    "embedded"
)  # the sparql backend's time limit: test_remote_backend.py, with its own engine
def test_runaway_query_is_stopped_while_others_are_served(server: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        response = get(server, RUNAWAY)
        outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - started
        outcome["text"] = response.text

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert len(rows(get(server, PHASES))) == 5
    assert time.monotonic() - started < 1.0  # served while the runaway query runs
    thread.join()
    assert outcome["status"] == 503
    assert "time limit" in str(outcome["text"])
    assert TIMEOUT <= float(outcome["seconds"]) <= TIMEOUT + 1.5  # type: ignore[arg-type]
    deadline = time.monotonic() + 5
    while tree_cpu_percent(server.process.pid, seconds=1.0) > 20:
        assert time.monotonic() < deadline, "the server's CPU use did not return to idle"
    text = requests.get(server.url + "/metrics", timeout=30).text
    assert "zhusan_query_timeouts_total" in text


def query_processes(server: LiveServer) -> list[psutil.Process]:
    """The query processes: children of the fork servers under gunicorn's workers."""
    return [
        process
        for worker in psutil.Process(server.process.pid).children()
        for process in worker.children(recursive=True)
        if process.ppid() != worker.pid
    ]


def threads(process: psutil.Process) -> int:
    try:
        return process.num_threads()
    except psutil.NoSuchProcess:
        return 0


@pytest.mark.backends("embedded")  # the sparql backend has no query processes of its own
def test_a_query_whose_worker_dies_is_500_and_says_so(server: LiveServer) -> None:
    deadline = time.monotonic() + 15
    while len(query_processes(server)) < 4:  # two gunicorn workers with two each, all started
        assert time.monotonic() < deadline, "the query processes did not start"
        assert len(rows(get(server, PHASES))) == 5
    idle = {process.pid: threads(process) for process in query_processes(server)}
    outcome: dict[str, object] = {}

    def victim() -> None:
        response = get(server, RUNAWAY, "application/sparql-results+json, application/json;q=0.5")
        outcome["status"], outcome["json"] = response.status_code, response.json()

    thread = threading.Thread(target=victim)
    thread.start()
    # The process evaluating has one thread more than when idle (the evaluation's own); CPU
    # time would tell it too, but an evaluation in the idle class gets none on a busy machine.
    evaluating = None
    while evaluating is None and time.monotonic() < deadline:
        found = [p for p in query_processes(server) if threads(p) > idle.get(p.pid, 10**6)]
        evaluating = found[0] if found else None
    assert evaluating is not None, "no query process started evaluating"
    evaluating.send_signal(signal.SIGKILL)  # well before the time limit
    thread.join(30)
    assert outcome["status"] == 500, outcome
    assert outcome["json"] == {
        "error": {
            "status": 500,
            "title": "Query failed",
            "detail": "the query worker died (exit code -9)",
        }
    }
    assert any("the query worker died (exit code -9)" in line for line in server.log_lines())
    assert len(rows(get(server, PHASES))) == 5  # and the next query is answered


def test_a_query_is_lexed_once_per_request(
    config: Config, built: stores.BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexed: list[str] = []
    tokenize = sparql_text.tokenize

    def counting(text: str) -> list[sparql_text.Token]:
        lexed.append(text)
        return tokenize(text)

    monkeypatch.setattr(sparql_text, "tokenize", counting)
    app = create_app(config)
    try:
        response = app.test_client().get("/sparql", query_string={"query": PHASES})
    finally:
        with app.app_context():
            app_state().backend.close()
    assert response.status_code == 200
    assert lexed == [PHASES]


# ---- real clients ----------------------------------------------------------------------


def test_results_read_by_rdflib_result_parser(server: LiveServer) -> None:
    response = get(server, PHASES, accept="application/sparql-results+xml")
    result = Result.parse(io.BytesIO(response.content), format="xml")
    assert len(result) == 5


CLIENT_QUERIES = ["phase-figures", "totals-2019", "positions-held", "start-date-claims"]


def expected_rows(store: Store, name: str) -> list[dict[str, str]]:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return [{k: v.value for k, v in row.items()} for row in select(store, text)]


@pytest.mark.parametrize("name", CLIENT_QUERIES)
def test_sparqlwrapper_answers_example_queries(server: LiveServer, store: Store, name: str) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery((ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    client.setReturnFormat(JSON)
    data = client.query().convert()
    found = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]  # type: ignore[index, union-attr]
    assert found == expected_rows(store, name)


@pytest.mark.parametrize("name", CLIENT_QUERIES)
def test_rdflib_sparqlstore_answers_example_queries(
    server: LiveServer, store: Store, name: str
) -> None:
    remote = Graph(SPARQLStore(server.sparql, returnFormat="xml"))
    result = remote.query((ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    found = [{str(k): str(v) for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]
    assert found == expected_rows(store, name)
