"""SHACL shapes and ontology files: each shape accepts its good fixture and rejects its bad one.

Fixtures live in ``tests/checks/fixtures/shapes/<ShapeName>.{good,bad}.ttl``. Each is validated merged
with the ontology (zhusan.ttl + concepts.ttl), as the real data is validated together with the
ontology graph, so ``sh:class`` sees the ontology's ``rdfs:subClassOf`` axioms without inference.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from ..conftest import ROOT

ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILES = (ONTOLOGY_DIR / "zhusan.ttl", ONTOLOGY_DIR / "concepts.ttl")
DATA_SHAPES = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_SHAPES = ONTOLOGY_DIR / "ontology-shapes.ttl"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"

ZHSH = Namespace("https://w3id.org/zhusan/shapes#")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.ttl"))


def fixture_shape_names() -> list[str]:
    return sorted({path.name.split(".")[0] for path in fixture_files()})


@cache
def shapes_graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    for path in ONTOLOGY_FILES:
        graph.parse(path, format="turtle")
    return graph


def shapes_file_defining(shape: URIRef) -> Path:
    """The shapes file in which ``shape`` is a node shape."""
    for path in (DATA_SHAPES, ONTOLOGY_SHAPES):
        if (shape, RDF.type, SH.NodeShape) in shapes_graph(path):
            return path
    raise AssertionError(f"no shapes file defines {shape}")


def targeted_shapes(path: Path) -> set[str]:
    """Local names of the shapes in ``path`` that have a target (and so need fixtures)."""
    graph = shapes_graph(path)
    return {
        str(shape).removeprefix(str(ZHSH))
        for target in TARGETS
        for shape in graph.subjects(target, None)
    }


def shape_family(shapes: Graph, shape: URIRef) -> set[URIRef]:
    """The shape and every shape it reaches (property shapes, sh:node, sh:or members...)."""
    family: set[URIRef] = set()
    pending = [shape]
    while pending:
        current = pending.pop()
        if current in family:
            continue
        family.add(current)
        for link in (SH.property, SH.node, SH.qualifiedValueShape, SH["not"]):
            pending += [s for s in shapes.objects(current, link) if isinstance(s, URIRef)]
        for link in (SH["or"], SH.xone, SH["and"]):
            for members in shapes.objects(current, link):
                pending += [s for s in shapes.items(members) if isinstance(s, URIRef)]
    return family


def failing_shapes(report: Graph) -> set[URIRef]:
    """The sh:sourceShape of the report's top-level results (not of their sh:detail)."""
    return {
        source
        for result in report.objects(None, SH.result)
        for source in report.objects(result, SH.sourceShape)
    }


def validate_fixture(path: Path, shapes_path: Path) -> tuple[bool, Graph]:
    data = Graph()
    data += ontology_graph()
    data.parse(path, format="turtle")
    conforms, report, _ = validate(
        data, shacl_graph=shapes_graph(shapes_path), inference="none", allow_warnings=False
    )
    return bool(conforms), report


def result_messages(report: Graph) -> list[str]:
    return sorted(str(m) for m in report.objects(None, SH.resultMessage))


def test_fixture_directory_is_not_empty() -> None:
    assert len(fixture_files()) > 0


@pytest.mark.parametrize("shape_file", [DATA_SHAPES, ONTOLOGY_SHAPES], ids=lambda p: p.name)
def test_every_targeted_shape_has_a_good_and_a_bad_fixture(shape_file: Path) -> None:
    names = targeted_shapes(shape_file)
    assert names, f"{shape_file.name} has no targeted shapes"
    for name in sorted(names):
        for kind in ("good", "bad"):
            assert (FIXTURES / f"{name}.{kind}.ttl").is_file(), f"missing {name}.{kind}.ttl"


def test_every_fixture_names_a_shape_and_comes_in_a_pair() -> None:
    for path in fixture_files():
        name, kind, suffix = path.name.split(".")
        assert (kind, suffix) in {("good", "ttl"), ("bad", "ttl")}, path.name
        shapes_file_defining(ZHSH[name])
        other = "bad" if kind == "good" else "good"
        assert (FIXTURES / f"{name}.{other}.ttl").is_file(), f"{path.name} has no {other} twin"


@pytest.mark.parametrize("name", fixture_shape_names())
def test_good_fixture_conforms(name: str) -> None:
    shapes_path = shapes_file_defining(ZHSH[name])
    conforms, report = validate_fixture(FIXTURES / f"{name}.good.ttl", shapes_path)
    assert conforms, result_messages(report)


@pytest.mark.parametrize("name", fixture_shape_names())
def test_bad_fixture_violates_its_own_shape_and_no_other(name: str) -> None:
    shape = ZHSH[name]
    shapes_path = shapes_file_defining(shape)
    conforms, report = validate_fixture(FIXTURES / f"{name}.bad.ttl", shapes_path)
    assert not conforms
    family = shape_family(shapes_graph(shapes_path), shape)
    sources = failing_shapes(report)
    assert sources & family, f"{name} not among the failing shapes {sorted(sources)}"
    assert sources <= family, f"the bad fixture also fails {sorted(sources - family)}"


@pytest.mark.parametrize("shape_file", [DATA_SHAPES, ONTOLOGY_SHAPES], ids=lambda p: p.name)
def test_every_shape_has_an_iri_and_an_english_message(shape_file: Path) -> None:
    shapes = shapes_graph(shape_file)
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    for top in set(found):
        found |= shape_family(shapes, top)
    for link in (SH.property, SH.node, SH.qualifiedValueShape, SH["not"]):
        found |= set(shapes.objects(None, link))
    for link in (SH["or"], SH.xone, SH["and"]):
        for members in shapes.objects(None, link):
            found |= set(shapes.items(members))
    assert found
    for shape in found:
        assert isinstance(shape, URIRef), f"a shape in {shape_file.name} is a blank node"
        languages = {m.language for m in shapes.objects(shape, SH.message)}
        assert "en" in languages, f"{shape} has no English sh:message"


def test_ontology_conforms_to_the_ontology_shapes() -> None:
    conforms, report, _ = validate(
        ontology_graph(), shacl_graph=shapes_graph(ONTOLOGY_SHAPES), inference="none"
    )
    assert conforms, result_messages(report)


def test_ontology_conforms_to_the_data_shapes() -> None:
    conforms, report, _ = validate(
        ontology_graph(), shacl_graph=shapes_graph(DATA_SHAPES), inference="none"
    )
    assert conforms, result_messages(report)


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_ontology_file_parses_in_rdflib_without_blank_nodes(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_ontology_file_parses_in_pyoxigraph_without_blank_nodes(path: Path) -> None:
    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert triples
    blank = [
        t
        for t in triples
        if isinstance(t.subject, pyoxigraph.BlankNode) or isinstance(t.object, pyoxigraph.BlankNode)
    ]
    assert not blank


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_ontology_file_uses_lower_case_language_tags(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    tags = {o.language for o in graph.objects() if getattr(o, "language", None)}
    assert tags <= {"en", "ru", "fr", "kk"}, tags
