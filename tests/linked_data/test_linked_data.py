"""Linked data over HTTP: every IRI dereferences in every format, dumps are complete and
reproducible, the dataset description is valid and exact, the Graph Store Protocol reads; on
both store backends."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pyshacl
import pytest
import requests
from pyoxigraph import NamedNode, RdfFormat, Store, serialize
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from bench.live_server import LiveServer
from server.core.config import load_config
from server.core.formats import RDF_FORMATS, Format
from server.core.namespaces import GRAPH_ONTOLOGY, ID, ONTOLOGY_IRI, ZH
from server.store import disk as stores
from server.store.export import named_quads

from ..conftest import BACKENDS, ROOT

pytestmark = [pytest.mark.server, pytest.mark.backends(*BACKENDS)]

RDFLIB = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}
VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """Room for the many documents fetched one after another."""
    return {"workers": 2, "threads": 8}


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def parse(body: bytes, fmt: Format) -> Dataset:
    data = Dataset()
    data.parse(data=body, format=RDFLIB[fmt.name])
    return data


def document_path(iri: str, ontology_subjects: set[str]) -> str:
    """Where a subject IRI of the store is dereferenced on this server."""
    if iri.startswith(ID):
        return "/doc/" + iri[len(ID) :].split("#")[0]
    if iri.startswith(ZH) or iri == ONTOLOGY_IRI or iri in ontology_subjects:
        return "/ontology"
    raise AssertionError(f"{iri} has no document on this server")


def test_every_subject_dereferences_in_every_format_and_the_union_is_the_store(
    server: LiveServer, http: requests.Session, store: Store
) -> None:
    ontology_subjects = {
        q.subject.value
        for q in store.quads_for_pattern(None, None, None, NamedNode(GRAPH_ONTOLOGY))
    }
    subjects = {q.subject.value for q in store}
    paths = {document_path(iri, ontology_subjects) for iri in subjects}
    assert len(paths) > 150
    everything = {(str(q.subject), str(q.predicate), str(q.object)) for q in store}
    seen_by_format: dict[str, set[tuple[str, str, str]]] = {f.name: set() for f in RDF_FORMATS}
    for path in sorted(paths):
        for fmt in RDF_FORMATS:
            response = http.get(server.url + path, headers={"Accept": fmt.media_type}, timeout=30)
            assert response.status_code == 200, path
            assert response.headers["Content-Type"].split(";")[0] == fmt.media_type
            data = parse(response.content, fmt)
            seen_by_format[fmt.name] |= {(s.n3(), p.n3(), o.n3()) for s, p, o, _ in data.quads()}
    for name, seen in seen_by_format.items():
        missing = everything - seen
        assert not missing, (name, sorted(missing)[:3])


def test_thing_iri_redirects_303_to_its_document(server: LiveServer) -> None:
    response = requests.get(
        server.url + "/id/operation/zhusan/phase/2", allow_redirects=False, timeout=30
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/doc/operation/zhusan/phase/2")


def test_document_is_negotiated_with_vary_content_location_and_alternates(
    server: LiveServer,
) -> None:
    response = requests.get(
        server.url + "/doc/operation/zhusan/phase/2",
        headers={"Accept": "application/ld+json"},
        timeout=30,
    )
    assert response.headers["Content-Type"].startswith("application/ld+json")
    assert "Accept" in response.headers["Vary"]
    assert response.headers["Content-Location"].endswith("/doc/operation/zhusan/phase/2.jsonld")
    assert 'rel="alternate"; type="text/turtle"' in response.headers["Link"]


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_extension_names_the_format(server: LiveServer, fmt: Format) -> None:
    response = requests.get(server.url + f"/doc/operation/zhusan.{fmt.extension}", timeout=30)
    assert response.headers["Content-Type"].split(";")[0] == fmt.media_type
    assert len(list(parse(response.content, fmt).quads())) > 50


def test_description_carries_the_evidence_of_its_figures(server: LiveServer) -> None:
    response = requests.get(server.url + "/doc/operation/zhusan/phase/2.nt", timeout=30)
    graph = Graph().parse(data=response.text, format="nt")
    found = graph.query("""
        SELECT ?start ?end WHERE {
          ?count <http://schema.org/observationAbout> <https://w3id.org/zhusan/id/operation/zhusan/phase/2> ;
                 <http://schema.org/value> 156 ;
                 <http://www.w3.org/ns/prov#wasDerivedFrom>/<http://www.w3.org/ns/oa#hasSelector> ?sel .
          ?sel <http://www.w3.org/ns/oa#start> ?start ; <http://www.w3.org/ns/oa#end> ?end }""")
    assert [(int(r[0]), int(r[1])) for r in found] == [(2076, 2085)]  # type: ignore[index]


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_unknown_iri_is_404_in_the_asked_format(server: LiveServer, fmt: Format) -> None:
    response = requests.get(
        server.url + "/doc/operation/no-such-thing", headers={"Accept": fmt.media_type}, timeout=30
    )
    assert response.status_code == 404
    assert response.headers["Content-Type"].split(";")[0] == fmt.media_type
    assert len(list(parse(response.content, fmt).quads())) == 0


def test_ontology_answers_turtle_to_clients(server: LiveServer) -> None:
    response = requests.get(server.url + "/ontology", headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=response.text, format="turtle")
    assert (None, None, None) in graph
    assert len(set(graph.subjects())) > 100


# ---- dumps ------------------------------------------------------------------------------------


def dump_manifest(server: LiveServer) -> list[dict[str, object]]:
    return requests.get(
        server.url + "/dumps", headers={"Accept": "application/json"}, timeout=30
    ).json()


def test_whole_dataset_dumps_read_back_to_the_store(server: LiveServer, store: Store) -> None:
    expected = Dataset()
    # The named graphs only: the store's default graph is their merge, not part of the dumps.
    expected.parse(data=serialize(named_quads(store), format=RdfFormat.N_QUADS), format="nquads")
    for entry in dump_manifest(server):
        name = str(entry["name"])
        if not name.startswith("zhusan.") or name.startswith("zhusan.ttl"):
            continue
        body = requests.get(server.url + f"/dumps/{name}", timeout=30).content
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert len(body) == entry["size"]
        data = gzip.decompress(body) if entry["encoding"] == "gzip" else body
        fmt = {
            "application/n-quads": "nquads",
            "application/trig": "trig",
            "application/ld+json": "json-ld",
        }[str(entry["media_type"])]
        read = Dataset()
        read.parse(data=data, format=fmt)
        for graph in expected.graphs():
            assert isomorphic(graph, read.graph(graph.identifier)), (name, graph.identifier)


def test_every_named_graph_has_its_dumps(server: LiveServer, built: stores.BuildResult) -> None:
    graphs = {entry["graph"] for entry in dump_manifest(server)}
    assert set(built.counts) <= graphs


def test_two_builds_give_byte_identical_dumps(tmp_path: Path) -> None:
    manifests = []
    for name in ("a", "b"):
        config = load_config({"input_dir": str(ROOT), "data_dir": str(tmp_path / name)}, environ={})
        stores.build(config)
        folder = stores.current_store(config).dumps
        manifests.append((folder / "dumps.json").read_bytes())
        files = sorted(p.name for p in folder.iterdir())
        assert len(files) > 20
    assert manifests[0] == manifests[1]
    for path in (tmp_path / "a" / "current" / "dumps").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / "current" / "dumps" / path.name).read_bytes()


def test_dump_route_serves_only_listed_names(server: LiveServer) -> None:
    for name in ("..%2Fmanifest.json", "../../etc/passwd", "dumps.json.bak"):
        assert requests.get(server.url + "/dumps/" + name, timeout=30).status_code == 404


# ---- dataset description ------------------------------------------------------------------------


def test_void_validates_against_its_shapes_and_counts_match(
    server: LiveServer, store: Store, built: stores.BuildResult
) -> None:
    response = requests.get(
        server.url + "/.well-known/void", headers={"Accept": "text/turtle"}, timeout=30
    )
    graph = Graph().parse(data=response.text, format="turtle")
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=str(ROOT / "ontology" / "void-shapes.ttl")
    )
    assert conforms, text
    rows = graph.query(
        f"SELECT ?n WHERE {{ ?d a <http://www.w3.org/ns/dcat#Dataset> ; <{VOID}triples> ?n }}"
    )
    assert [int(r[0]) for r in rows] == [len(list(named_quads(store)))]  # type: ignore[index]
    per_graph = {
        str(r[0]): int(r[1])
        for r in graph.query(  # type: ignore[index]
            f"SELECT ?g ?n WHERE {{ ?s <http://www.w3.org/ns/sparql-service-description#name> ?g ; <{VOID}triples> ?n }}"
        )
    }
    assert per_graph == built.counts


def test_void_is_linked_from_the_service_description(server: LiveServer) -> None:
    response = requests.get(server.sparql, headers={"Accept": "text/turtle"}, timeout=30)
    assert "/.well-known/void" in response.text


# ---- Graph Store Protocol, read side ----------------------------------------------------------


def test_gsp_named_graph(server: LiveServer, built: stores.BuildResult) -> None:
    graph = "https://w3id.org/zhusan/graph/source/000"
    response = requests.get(
        server.url + "/store",
        params={"graph": graph},
        headers={"Accept": "application/n-triples"},
        timeout=30,
    )
    assert len(Graph().parse(data=response.text, format="nt")) == built.counts[graph]


def test_gsp_default_graph_is_the_union(server: LiveServer, store: Store) -> None:
    response = requests.get(
        server.url + "/store?default", headers={"Accept": "text/turtle"}, timeout=30
    )
    union = {(q.subject, q.predicate, q.object) for q in store}
    assert len(Graph().parse(data=response.text, format="turtle")) == len(union)


def test_gsp_head_has_no_body(server: LiveServer) -> None:
    response = requests.head(server.url + "/store?default", timeout=30)
    assert response.status_code == 200 and not response.content


def test_gsp_unknown_graph_is_404(server: LiveServer) -> None:
    response = requests.get(
        server.url + "/store", params={"graph": "https://example.org/g"}, timeout=30
    )
    assert response.status_code == 404


# ---- the ontology page --------------------------------------------------------------------------


def test_ontology_page_shows_every_term_in_four_languages(server: LiveServer, store: Store) -> None:
    page = requests.get(server.url + "/ontology", headers={"Accept": "text/html"}, timeout=30).text
    rows = store.query("""
        SELECT ?term ?label WHERE { GRAPH <https://w3id.org/zhusan/graph/ontology> {
          ?term <http://www.w3.org/2000/01/rdf-schema#isDefinedBy> <https://w3id.org/zhusan/ontology> ;
                <http://www.w3.org/2000/01/rdf-schema#label> ?label } }""")
    labels = [(r["term"].value, r["label"]) for r in rows]  # type: ignore[union-attr]
    assert len({t for t, _ in labels}) > 40
    languages = {label.language for _, label in labels}
    assert languages == {"en", "ru", "fr", "kk"}
    missing = [(t, lbl.value) for t, lbl in labels if _escaped(lbl.value) not in page]
    assert not missing, missing[:5]


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    )
