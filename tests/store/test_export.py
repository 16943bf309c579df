"""`zhusan-kg export` writes every RDF format; rdflib reads each back to the same data, and two
builds from the same inputs give the same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store, serialize
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from server.core.formats import RDF_FORMATS, Format
from server.store.export import named_quads, union_triples

from ..conftest import ROOT

RDFLIB_NAMES = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}


def export(fmt: Format, output: Path, data: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--input-dir",
            str(ROOT),
            "--data-dir",
            str(data),
            "-q",
            "export",
            "--format",
            fmt.name,
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def store_as_dataset(store: Store) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=serialize(named_quads(store), format=RdfFormat.N_QUADS), format="nquads")
    return dataset


def store_union(store: Store) -> Graph:
    return Graph().parse(
        data=serialize(union_triples(store), format=RdfFormat.N_TRIPLES), format="nt"
    )


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    data = tmp_path_factory.mktemp("export-data")
    written = {}
    for fmt in RDF_FORMATS:
        written[fmt.name] = folder / f"zhusan.{fmt.extension}"
        export(fmt, written[fmt.name], data)
    return written


@pytest.mark.parametrize("fmt", [f for f in RDF_FORMATS if f.is_dataset], ids=lambda f: f.name)
def test_dataset_formats_read_back_to_the_same_dataset(
    fmt: Format, exports: dict[str, Path], store: Store
) -> None:
    read = Dataset()
    read.parse(exports[fmt.name], format=RDFLIB_NAMES[fmt.name])
    expected = store_as_dataset(store)
    # rdflib's len() of a Dataset is not its number of quads; count them
    assert len(list(read.quads())) == len(list(expected.quads())) == len(list(named_quads(store)))
    names = {str(g.identifier) for g in expected.graphs()}
    assert {str(g.identifier) for g in read.graphs()} == names
    for graph in expected.graphs():
        assert isomorphic(graph, read.graph(graph.identifier)), graph.identifier


@pytest.mark.parametrize("fmt", [f for f in RDF_FORMATS if not f.is_dataset], ids=lambda f: f.name)
def test_triple_formats_read_back_to_the_union_graph(
    fmt: Format, exports: dict[str, Path], store: Store
) -> None:
    read = Graph().parse(exports[fmt.name], format=RDFLIB_NAMES[fmt.name])
    expected = store_union(store)
    assert len(read) == len(expected) > 3000
    assert isomorphic(read, expected)


def test_two_builds_export_identical_bytes(tmp_path: Path) -> None:
    for fmt in RDF_FORMATS:
        first, second = tmp_path / f"a.{fmt.extension}", tmp_path / f"b.{fmt.extension}"
        export(fmt, first, tmp_path / "data-a")
        export(fmt, second, tmp_path / "data-b")
        assert first.read_bytes() == second.read_bytes(), fmt.name
