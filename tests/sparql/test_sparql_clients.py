"""Real SPARQL clients against the real server (gunicorn), on both store backends: SPARQLWrapper
in every return format it offers, for every query form, by GET and both its POST modes;
rdflib's SPARQLStore; Comunica (npm, driven by node). Each answer, read by the client itself,
must equal the same query evaluated in-process on the built store (as sets of rows, or as
isomorphic graphs: the answers do not depend on how often a triple repeats across graphs)."""

from __future__ import annotations

import io
import json
import subprocess
import warnings
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document

import pytest
import requests
from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, Store, serialize
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.Wrapper import QueryResult

from bench.live_server import LiveServer
from server.backends.querying import run

from ..conftest import BACKENDS, ROOT

pytestmark = [pytest.mark.server, pytest.mark.backends(*BACKENDS)]

# Written out in full: Comunica parses the query itself and knows no predeclared prefix.
PREFIXES = (
    "PREFIX zh: <https://w3id.org/zhusan/ontology#>\n"
    "PREFIX phase: <https://w3id.org/zhusan/id/operation/zhusan/phase/>\n"
)
QUERIES = {
    "SELECT": PREFIXES + "SELECT ?phase ?n WHERE { ?phase a zh:Phase ; zh:ordinal ?n }",
    "ASK": PREFIXES + "ASK { phase:5 zh:ordinal 5 }",
    "CONSTRUCT": PREFIXES
    + "CONSTRUCT { ?phase zh:ordinal ?n } WHERE { ?phase a zh:Phase ; zh:ordinal ?n }",
    "DESCRIBE": PREFIXES + "DESCRIBE phase:2",
}

Rows = frozenset[frozenset[tuple[str, str]]]
Answer = bool | Rows | Graph


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """One worker with threads: the clients ask one at a time."""
    return {"workers": 1, "threads": 4}


def in_process(store: Store, form: str) -> Answer:
    """The answer of QUERIES[form] evaluated on the built store, without HTTP."""
    result = run(store, QUERIES[form])
    if isinstance(result, QueryBoolean):
        return bool(result)
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        return frozenset(
            frozenset((n, row[n].value) for n in names if row[n] is not None) for row in result
        )
    return Graph().parse(data=serialize(result, format=RdfFormat.N_TRIPLES), format="nt")


def from_result(result: Result) -> Answer:
    """An rdflib Result (read from SPARQL JSON, XML, CSV or TSV, or a graph) as an answer."""
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        assert result.graph is not None
        return result.graph
    return frozenset(
        frozenset((str(k), str(v)) for k, v in row.asdict().items())  # type: ignore[union-attr]
        for row in result
    )


def from_sparql_json(data: dict[str, Any]) -> Answer:
    if "boolean" in data:
        return bool(data["boolean"])
    return frozenset(
        frozenset((k, v["value"]) for k, v in b.items()) for b in data["results"]["bindings"]
    )


def assert_same(found: Answer, wanted: Answer) -> None:
    if isinstance(wanted, Graph):
        assert isinstance(found, Graph), found
        assert len(wanted) > 0
        assert isomorphic(found, wanted), (len(found), len(wanted))
    else:
        assert found == wanted


# ---- SPARQLWrapper ----------------------------------------------------------------------------

RETURN_FORMATS = [JSON, XML, CSV, TSV, TURTLE, N3, RDF, RDFXML, JSONLD]
# What each return format gets back: the format it names where the query form has it; where
# it has not, SPARQLWrapper sends `Accept: */*` and the form's default answers.
TABLE_ANSWERS = {
    JSON: "application/sparql-results+json",
    XML: "application/sparql-results+xml",
    CSV: "text/csv",
    TSV: "text/tab-separated-values",
}
GRAPH_ANSWERS = {
    TURTLE: "text/turtle",
    N3: "text/turtle",
    XML: "application/rdf+xml",
    RDF: "application/rdf+xml",
    RDFXML: "application/rdf+xml",
    JSONLD: "application/ld+json",
    JSON: "application/ld+json",
}
METHODS = {"GET": (None, None), "POST": (POST, URLENCODED), "POSTDIRECTLY": (POST, POSTDIRECTLY)}


def sparqlwrapper_answer(result: QueryResult, form: str) -> Answer:
    """The answer as SPARQLWrapper's own convert() reads it."""
    media_type = result.info()["content-type"].split(";")[0]
    converted = result.convert()
    if isinstance(converted, Graph):  # RDF/XML, JSON-LD
        return converted
    if isinstance(converted, dict):  # SPARQL JSON
        return from_sparql_json(converted)
    if isinstance(converted, Document):  # SPARQL XML, as a DOM
        return from_result(Result.parse(io.StringIO(converted.toxml()), format="xml"))
    assert isinstance(converted, bytes), type(converted)  # Turtle, CSV, TSV: the bytes as sent
    if media_type == "text/turtle":
        return Graph().parse(data=converted, format="turtle")
    if form == "ASK":  # CSV and TSV define no boolean; this server writes the word
        text = converted.decode().strip()
        assert text in {"true", "false"}, text
        return text == "true"
    kind = "csv" if media_type == "text/csv" else "tsv"
    return from_result(Result.parse(io.BytesIO(converted), format=kind))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", RETURN_FORMATS)
@pytest.mark.parametrize("form", QUERIES)
def test_sparqlwrapper_reads_every_return_format_of_every_query_form(
    server: LiveServer, store: Store, form: str, return_format: str, method: str
) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(QUERIES[form])
    client.setReturnFormat(return_format)
    http_method, request_method = METHODS[method]
    if http_method:
        client.setMethod(http_method)
        client.setRequestMethod(request_method)
    with warnings.catch_warnings():
        # SPARQLWrapper warns, rightly, when it asks for a format the query form does not have.
        warnings.filterwarnings("ignore", category=RuntimeWarning, module="SPARQLWrapper")
        # Its JSON-LD reader still builds an rdflib ConjunctiveGraph.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        result = client.query()
        table = form in {"SELECT", "ASK"}
        answers = TABLE_ANSWERS if table else GRAPH_ANSWERS
        default = "application/sparql-results+json" if table else "text/turtle"
        assert result.info()["content-type"].split(";")[0] == answers.get(return_format, default)
        found = sparqlwrapper_answer(result, form)
    assert_same(found, in_process(store, form))


# ---- rdflib's SPARQLStore ---------------------------------------------------------------------

RDFLIB_FORMATS = {
    "SELECT": ["xml", "json", "csv", "tsv"],
    "ASK": ["xml", "json"],  # rdflib reads no boolean from CSV or TSV
    "CONSTRUCT": ["xml", "json-ld", "turtle", "n3", "nt", "nquads", "trig"],
}


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize(
    ("form", "return_format"),
    [(form, fmt) for form, formats in RDFLIB_FORMATS.items() for fmt in formats],
)
def test_rdflib_sparqlstore_reads_every_format(
    server: LiveServer, store: Store, form: str, return_format: str, method: str
) -> None:
    remote = Graph(SPARQLStore(server.sparql, returnFormat=return_format, method=method))
    assert_same(from_result(remote.query(QUERIES[form])), in_process(store, form))


# ---- Comunica ---------------------------------------------------------------------------------

COMUNICA = Path(__file__).with_name("comunica_query.mjs")


def comunica_answer(endpoint: str, form: str) -> Answer:
    if not (ROOT / "node_modules" / "@comunica" / "query-sparql").is_dir():
        pytest.fail("Comunica is not installed in node_modules: run `make install`")
    done = subprocess.run(
        ["node", str(COMUNICA), endpoint, QUERIES[form]],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    if form in {"CONSTRUCT", "DESCRIBE"}:
        return Graph().parse(data=done.stdout, format="nt")
    return from_sparql_json(json.loads(done.stdout))


@pytest.mark.parametrize("form", ["SELECT", "ASK", "CONSTRUCT"])
def test_comunica_reads_the_endpoint_as_a_sparql_source(
    server: LiveServer, store: Store, form: str
) -> None:
    assert_same(comunica_answer(server.sparql, form), in_process(store, form))


# ---- HEAD over the real server ----------------------------------------------------------------


def test_head_on_the_live_endpoint_answers_like_get(server: LiveServer) -> None:
    params = {"query": QUERIES["ASK"]}
    got = requests.get(server.sparql, params=params, timeout=30)
    head = requests.head(server.sparql, params=params, timeout=30)
    assert (head.status_code, head.content) == (got.status_code, b"")
    for name in ("Content-Type", "ETag", "Content-Length", "X-Result-Rows"):
        assert head.headers.get(name) == got.headers.get(name), name
