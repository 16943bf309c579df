"""Linked-data documents are graphs that generic consumers read: every thing's JSON-LD, Turtle,
N-Triples and RDF/XML documents hold the same triples in the default graph, rdflib and pyld
find the thing when they dereference its IRI, Turtle declares only the prefixes it uses and
JSON-LD is compacted; TriG and N-Quads keep the provenance by graph. On both store backends.

Every thing (every subject IRI under the base's /id/) is fetched once per format through one
keep-alive session; rdflib and pyld then dereference every thing's IRI themselves, as a
consumer would, so that the 303 and their own Accept headers are part of what is checked.
"""

from __future__ import annotations

import json
import re

import pytest
import requests
from pyld import jsonld
from pyoxigraph import NamedNode, RdfFormat, Store, parse
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from bench.live_server import LiveServer
from server.core.formats import Format, by_name
from server.core.namespaces import GRAPH_REFERENCE, ID, PREFIXES

from ..conftest import BACKENDS

pytestmark = [pytest.mark.server, pytest.mark.backends(*BACKENDS)]

GRAPH_FORMATS = tuple(by_name(name) for name in ("turtle", "ntriples", "jsonld", "rdfxml"))
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
PREFIX_LINE = re.compile(r"^@prefix ([\w-]*): <[^>]*> \.$", re.M)


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """Room for the many documents fetched one after another."""
    return {"workers": 2, "threads": 8}


@pytest.fixture(scope="module")
def things(store: Store) -> dict[str, set[str]]:
    """Document path under /id/ → the subject IRIs it is about (hash parts included)."""
    by_path: dict[str, set[str]] = {}
    for quad in store:
        subject = quad.subject
        if isinstance(subject, NamedNode) and subject.value.startswith(ID):
            path = subject.value[len(ID) :].split("#", 1)[0]
            by_path.setdefault(path, set()).add(subject.value)
    assert len(by_path) > 150
    return by_path


@pytest.fixture(scope="module")
def documents(server: LiveServer, things: dict[str, set[str]]) -> dict[str, dict[str, bytes]]:
    """Every thing's document in every graph format, fetched through its IRI's 303."""
    fetched: dict[str, dict[str, bytes]] = {}
    with requests.Session() as http:
        for path in sorted(things):
            fetched[path] = {}
            for fmt in GRAPH_FORMATS:
                response = http.get(
                    f"{server.url}/id/{path}", headers={"Accept": fmt.media_type}, timeout=30
                )
                assert response.status_code == 200, (path, fmt.name)
                assert response.headers["Content-Type"].split(";")[0] == fmt.media_type
                fetched[path][fmt.name] = response.content
    return fetched


def as_graph(body: bytes, fmt: Format) -> Graph:
    return Graph().parse(data=body, format=RDFLIB[fmt.name])


def unused_prefixes(turtle: str) -> list[str]:
    """Declared prefixes whose declaration the document can do without (it still parses)."""
    unused = []
    for prefix in PREFIX_LINE.findall(turtle):
        without = re.sub(rf"^@prefix {re.escape(prefix)}: .*$", "", turtle, flags=re.M)
        try:
            list(parse(without.encode(), format=RdfFormat.TURTLE))
        except SyntaxError:
            continue  # used: without its declaration a prefixed name is undefined
        unused.append(prefix)
    return unused


def test_every_format_of_a_thing_is_the_same_graph_about_it(
    documents: dict[str, dict[str, bytes]], things: dict[str, set[str]]
) -> None:
    for path, bodies in documents.items():
        graphs = {fmt.name: as_graph(bodies[fmt.name], fmt) for fmt in GRAPH_FORMATS}
        for name, graph in graphs.items():
            subjects = {str(s) for s in graph.subjects()}
            assert things[path] <= subjects, (path, name, sorted(things[path] - subjects)[:3])
            assert isomorphic(graph, graphs["ntriples"]), (path, name)


# None: rdflib's own Accept (every type it parses); "json-ld": what a JSON-LD client asks for.
@pytest.mark.parametrize("rdflib_format", [None, "json-ld"])
def test_rdflib_finds_every_thing_at_its_iri(
    server: LiveServer, things: dict[str, set[str]], rdflib_format: str | None
) -> None:
    for path, iris in sorted(things.items()):
        graph = Graph().parse(f"{server.url}/id/{path}", format=rdflib_format)  # through the 303
        subjects = {str(s) for s in graph.subjects()}
        assert iris <= subjects, (path, rdflib_format, sorted(iris - subjects)[:3])


def test_pyld_expansion_of_every_thing_has_it_as_a_node_with_properties(
    server: LiveServer, documents: dict[str, dict[str, bytes]], things: dict[str, set[str]]
) -> None:
    # The document as fetched through the 303: pyld's own loader cannot be used, it fails on
    # any response with more than one rel="alternate" link (ours lists every format).
    for path, bodies in documents.items():
        options = {"base": f"{server.url}/id/{path}"}
        nodes = jsonld.expand(json.loads(bodies["jsonld"]), options)
        described = {node["@id"] for node in nodes if any(not key.startswith("@") for key in node)}
        assert things[path] <= described, (path, sorted(things[path] - described)[:3])


def test_turtle_declares_only_the_prefixes_it_uses(
    documents: dict[str, dict[str, bytes]],
) -> None:
    for path, bodies in documents.items():
        text = bodies["turtle"].decode()
        assert PREFIX_LINE.findall(text), path
        assert not unused_prefixes(text), path


def test_turtle_states_each_subject_once(documents: dict[str, dict[str, bytes]]) -> None:
    for path, bodies in documents.items():
        # A statement about a new subject starts at the line's start; its other predicates
        # and objects follow on indented lines.
        starts = [
            line.split(" ", 1)[0]
            for line in bodies["turtle"].decode().splitlines()
            if line and not line.startswith(("@prefix", "\t", " "))
        ]
        repeated = {subject for subject in starts if starts.count(subject) > 1}
        assert not repeated, (path, sorted(repeated)[:3])


def test_jsonld_is_compacted_with_a_context_of_the_prefixes_it_uses(
    documents: dict[str, dict[str, bytes]],
) -> None:
    for path, bodies in documents.items():
        document = json.loads(bodies["jsonld"])
        context = document["@context"]
        assert context and context.items() <= PREFIXES.items(), path
        nodes = document.get("@graph", [document])
        keys = {key for node in nodes for key in node if not key.startswith("@")}
        assert keys and all(key.split(":", 1)[0] in context for key in keys), (path, keys)
        body = json.dumps({key: value for key, value in document.items() if key != "@context"})
        written = set(re.findall(r'"([\w-]+):', body))
        assert set(context) <= written, (path, set(context) - written)


def test_trig_and_nquads_keep_each_triple_in_its_named_graph(
    server: LiveServer, documents: dict[str, dict[str, bytes]]
) -> None:
    path = "operation/zhusan/phase/2"
    expected = as_graph(documents[path]["ntriples"], by_name("ntriples"))
    for name, rdflib_format in (("trig", "trig"), ("nquads", "nquads")):
        fmt = by_name(name)
        response = requests.get(
            f"{server.url}/doc/{path}", headers={"Accept": fmt.media_type}, timeout=30
        )
        data = Dataset()
        data.parse(data=response.content, format=rdflib_format)
        graphs = {str(g) for _, _, _, g in data.quads()}
        assert graphs and all(g.startswith("https://w3id.org/zhusan/graph/") for g in graphs)
        union = Graph()
        for s, p, o, _ in data.quads():
            union.add((s, p, o))
        assert isomorphic(union, expected), name


@pytest.mark.parametrize(
    "path",
    [
        "/ontology",
        "/store?default",
        f"/store?graph={GRAPH_REFERENCE}",
        "/.well-known/void",
        "/sparql",
    ],
)
def test_graph_documents_hold_their_triples_in_the_default_graph(
    server: LiveServer, path: str
) -> None:
    bodies = {
        fmt.name: requests.get(
            server.url + path, headers={"Accept": fmt.media_type}, timeout=60
        ).content
        for fmt in GRAPH_FORMATS
    }
    graphs = {fmt.name: as_graph(bodies[fmt.name], fmt) for fmt in GRAPH_FORMATS}
    assert len(graphs["ntriples"]) > 10
    for name, graph in graphs.items():
        assert isomorphic(graph, graphs["ntriples"]), (path, name)
    assert "@context" in json.loads(bodies["jsonld"])
    assert not unused_prefixes(bodies["turtle"].decode()), path


def test_gsp_named_graph_in_trig_keeps_its_name(server: LiveServer) -> None:
    response = requests.get(
        server.url + "/store",
        params={"graph": GRAPH_REFERENCE},
        headers={"Accept": "application/trig"},
        timeout=30,
    )
    data = Dataset()
    data.parse(data=response.content, format="trig")
    assert {g for _, _, _, g in data.quads()} == {URIRef(GRAPH_REFERENCE)}
