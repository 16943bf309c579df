"""The benchmark suite's own parts, fast: the generator, the query mix, the answer comparison,
the Python load client and the targets. No peer server is started here."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from pyoxigraph import (
    BlankNode,
    NamedNode,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    parse,
)
from rdflib import Dataset as RdflibDataset

from bench.answers import disagreement, from_json_results, from_rdf, read_answer
from bench.generate import SIZES, Generated, generate, read_entities
from bench.load import Measurement, Target, run_python, wrk_script
from bench.mix import MixError, choose_constants, load_mix, parse_query_file, texts
from bench.processes import Fleet
from bench.report import Results, render
from bench.targets import evaluate

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate("small", 7, tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="module")
def small_store(small: Generated) -> Store:
    store = Store()
    store.load(path=str(small.out_dir / "graph" / "synthetic.trig"), format=RdfFormat.TRIG)
    for name in ("zhusan.ttl", "concepts.ttl"):
        store.load(
            path=str(small.out_dir / "ontology" / name),
            format=RdfFormat.TURTLE,
            to_graph=NamedNode("https://w3id.org/zhusan/graph/ontology"),
        )
    return store


# ---- the generator ----------------------------------------------------------------------------


def test_same_seed_gives_the_same_bytes(small: Generated, tmp_path: Path) -> None:
    again = generate("small", 7, tmp_path)
    for name in ("graph/synthetic.trig", "entities.txt"):
        assert (again.out_dir / name).read_bytes() == (small.out_dir / name).read_bytes()


def test_another_seed_gives_other_data(small: Generated, tmp_path: Path) -> None:
    other = generate("small", 8, tmp_path)
    trig = "graph/synthetic.trig"
    assert (other.out_dir / trig).read_bytes() != (small.out_dir / trig).read_bytes()


def test_small_is_within_15_percent_of_its_size(small: Generated) -> None:
    quads = list(parse(path=str(small.out_dir / "graph" / "synthetic.trig"), format=RdfFormat.TRIG))
    asserted = len(quads) + small.ontology_triples
    assert asserted == small.triples
    assert abs(asserted - SIZES["small"]) <= 0.15 * SIZES["small"]


def test_generated_data_parses_with_rdflib_too(small: Generated) -> None:
    data = RdflibDataset()
    data.parse(small.out_dir / "graph" / "synthetic.trig", format="trig")
    quads = list(data.quads((None, None, None, None)))
    pyox = parse(path=str(small.out_dir / "graph" / "synthetic.trig"), format=RdfFormat.TRIG)
    assert len(quads) == sum(1 for _ in pyox)
    assert all(str(graph).startswith("https://w3id.org/zhusan/graph/") for *_, graph in quads)


def test_generated_data_has_no_blank_nodes_and_no_triple_in_two_graphs(small: Generated) -> None:
    quads = list(parse(path=str(small.out_dir / "graph" / "synthetic.trig"), format=RdfFormat.TRIG))
    assert not any(isinstance(t, BlankNode) for q in quads for t in (q.subject, q.object))
    assert len({q.triple for q in quads}) == len(quads)
    graphs = {q.graph_name.value for q in quads}
    assert "https://w3id.org/zhusan/graph/reference" in graphs
    assert any(g.startswith("https://w3id.org/zhusan/graph/source/") for g in graphs)


def test_labels_come_in_four_languages(small_store: Store) -> None:
    rows = small_store.query(
        "SELECT DISTINCT (LANG(?l) AS ?lang) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, QuerySolutions)
    assert {row["lang"].value for row in rows} >= {"en", "ru", "fr", "kk"}


# ---- the query mix ----------------------------------------------------------------------------


def test_every_bench_query_parses_and_answers_on_the_generated_data(
    small: Generated, small_store: Store
) -> None:
    constants = choose_constants(read_entities(small.out_dir / "entities.txt"), seed=7)
    mix = load_mix()
    assert {q.kind for q in mix} == {"small", "heavy", "count"}
    for query in mix:
        for text in texts(query, constants, distinct=False) + texts(query, constants, True)[:3]:
            answer = small_store.query(text, use_default_graph_as_union=True)
            assert isinstance(answer, QuerySolutions | QueryTriples)
            assert len(list(answer)) > 0, f"{query.name} answers nothing: {text}"


def test_distinct_mode_has_constants_enough_that_a_cache_cannot_answer(small: Generated) -> None:
    constants = choose_constants(read_entities(small.out_dir / "entities.txt"), seed=7)
    pools = {name: len(set(values)) for name, values in constants.distinct.items()}
    # thousands of requests a second reach the fast systems: pools of that order, at least
    assert pools["NUMBER"] >= 20_000 and pools["ENTITY"] >= 1_000
    assert pools["TERM"] >= 500 and pools["DESCRIBED"] >= 500


def test_a_query_file_without_its_kind_fails_to_load(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: x\n# description: y\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(MixError, match="kind"):
        parse_query_file(bad)


@pytest.mark.parametrize(
    ("placeholder", "value"),
    [("ENTITY", "https://x/> } ; DROP ALL #"), ("TERM", 'a") || true || ("'), ("NUMBER", "1 || 1")],
)
def test_a_constant_that_would_change_the_query_is_refused(placeholder: str, value: str) -> None:
    query = next(q for q in load_mix() if q.placeholder == placeholder)
    with pytest.raises(MixError):
        query.render(value)


def test_wrk_script_refuses_a_path_that_would_break_the_lua_string() -> None:
    with pytest.raises(ValueError):
        wrk_script(['/sparql?query="'], "text/turtle")


# ---- comparing answers ------------------------------------------------------------------------


def _results(*rows: dict[str, dict[str, str]]) -> bytes:
    import json

    return json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": list(rows)}}).encode()


def test_differing_select_results_are_a_disagreement() -> None:
    one = {"x": {"type": "uri", "value": "https://a"}}
    two = {"x": {"type": "uri", "value": "https://b"}}
    found = disagreement(from_json_results(_results(one, two)), from_json_results(_results(one)))
    assert found is not None and "2 vs 1" in found


def test_a_duplicated_row_is_a_disagreement() -> None:
    one = {"x": {"type": "uri", "value": "https://a"}}
    assert disagreement(from_json_results(_results(one)), from_json_results(_results(one, one)))


def test_row_order_and_json_spelling_do_not_matter() -> None:
    a = {"x": {"type": "literal", "value": "7", "datatype": XSD + "integer"}}
    b = {"x": {"type": "typed-literal", "value": "07", "datatype": XSD + "int"}}
    c = {"x": {"type": "literal", "value": "Астана", "xml:lang": "KK"}}
    d = {"x": {"type": "literal", "value": "Астана", "xml:lang": "kk"}}
    assert (
        disagreement(from_json_results(_results(a, c)), from_json_results(_results(d, b))) is None
    )


def test_a_different_number_is_a_disagreement() -> None:
    a = {"x": {"type": "literal", "value": "7", "datatype": XSD + "integer"}}
    b = {"x": {"type": "literal", "value": "8", "datatype": XSD + "integer"}}
    assert disagreement(from_json_results(_results(a)), from_json_results(_results(b)))


def test_a_missing_triple_in_a_describe_is_a_disagreement() -> None:
    full = b"<https://a> <https://p> 1 , 2 ."
    part = b"<https://a> <https://p> 1 ."
    assert disagreement(from_rdf(full), from_rdf(part)) is not None
    assert disagreement(from_rdf(full), from_rdf(b"<https://a> <https://p> 2, 1 .")) is None


def test_rdf_xml_labelled_as_sparql_results_is_read_and_reported() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf='
        b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:p="https://p/">'
        b'<rdf:Description rdf:about="https://a"><p:q>1</p:q></rdf:Description></rdf:RDF>'
    )
    answer, remark = read_answer(body, "text/turtle", "application/sparql-results+xml")
    assert remark is not None and "RDF/XML" in remark
    assert disagreement(from_rdf(b'<https://a> <https://p/q> "1" .'), answer) is None


# ---- the load client and the targets ----------------------------------------------------------


@pytest.fixture
def tiny_server() -> Iterator[int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            status = 200 if "ok" in self.path else 500
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_python_client_counts_answers_and_errors_within_its_time(tiny_server: int) -> None:
    measured = run_python(Target(tiny_server, ["/ok", "/fail"], "x/y"), 2, 0.3, 2.0)
    assert measured.requests > 0 and measured.errors > 0
    assert measured.seconds < 3
    assert measured.median_ms is not None and measured.p99_ms is not None


def test_stopping_a_system_ends_its_children_too(tmp_path: Path) -> None:
    fleet = Fleet()
    leader = fleet.start(["sh", "-c", "sleep 60 & echo $! ; wait"], tmp_path / "log")
    deadline = time.monotonic() + 5
    while not (tmp_path / "log").read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = psutil.Process(int((tmp_path / "log").read_text().split()[0]))
    fleet.stop_all()
    assert leader.poll() is not None
    _, alive = psutil.wait_procs([child], timeout=5)  # a SIGKILL lands a moment later
    assert not alive or child.status() == psutil.STATUS_ZOMBIE
    assert fleet.processes == []


def _results_with(ours: float, theirs: float) -> Results:
    mix = load_mix()
    settings = {"systems": ["zhusan", "oxigraph"], "quick": True, "sizes": ["small"]}
    settings |= {"duration": 1.0, "rounds": 1, "client": "python", "seed": 1}
    settings |= {"request_timeout": 30.0, "max_duration": 5.0}
    machine = {"cpu": "1", "memory": "1", "os": "test", "python": "3"}
    results = Results(settings=settings, machine=machine, mix=mix)
    results.datasets["small"] = SimpleNamespace(  # type: ignore[assignment]
        name="small", generated=SimpleNamespace(triples=10_000, operations=1),
        quads=10_000, triples=10_000, inferred=0, graphs=3,
        inference=SimpleNamespace(seconds=1.0, finished=True, text=lambda: "1 s"),
        validation=SimpleNamespace(seconds=1.0, finished=True, text=lambda: "1 s"),
    )  # fmt: skip
    for query in mix:
        for mode in ("repeated", "distinct"):
            results.add(
                ("small", query.name, mode, 8, "zhusan"), Measurement(int(ours), 0, 1, 1, 1)
            )
            results.add(
                ("small", query.name, mode, 8, "oxigraph"), Measurement(int(theirs), 0, 1, 1, 1)
            )
    return results


def test_a_target_below_its_ratio_is_missed() -> None:
    rows = {text: status for text, status, _ in evaluate(_results_with(100, 1000))}
    assert rows["8 clients, small queries, distinct: ≥ 0.15× Oxigraph server"] == "missed"
    assert rows["8 clients, small queries, distinct: ≥ 1.5× Virtuoso"] == "not measured"
    rows = {text: status for text, status, _ in evaluate(_results_with(150, 1000))}
    assert rows["8 clients, small queries, distinct: ≥ 0.15× Oxigraph server"] == "met"


def test_a_target_at_its_ratio_is_met() -> None:
    rows = {text: status for text, status, _ in evaluate(_results_with(1000, 1000))}
    assert rows["8 clients, small queries, distinct: ≥ 0.15× Oxigraph server"] == "met"
    assert "| met |" in render(_results_with(1000, 1000))


def test_the_build_steps_the_report_compares_are_read_from_the_real_build(
    small: Generated, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.dataset import build_steps
    from server.cli import main

    code = main(["--input-dir", str(small.out_dir), "--data-dir", str(tmp_path), "build"])
    steps = build_steps(capsys.readouterr().out)
    assert code == 0
    assert set(steps) == {"load", "inference", "merge", "dumps"}
    assert all(seconds >= 0 for seconds in steps.values())
