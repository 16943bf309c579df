"""The build: every input graph loaded, atomic switching, no rebuild when nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, RdfFormat, parse

from server.core import namespaces
from server.core.config import Config, load_config
from server.store import disk as stores

from ..conftest import ROOT

EXPECTED_GRAPHS = {
    namespaces.GRAPH_ONTOLOGY,
    namespaces.GRAPH_REFERENCE,
    namespaces.GRAPH_INFERRED,
    namespaces.source_graph("000"),
    namespaces.source_graph("004"),
}


def copy_inputs(target: Path) -> Path:
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def config_for(inputs: Path, data: Path) -> Config:
    return load_config({"input_dir": str(inputs), "data_dir": str(data)}, environ={})


def test_build_loads_every_graph(built: stores.BuildResult) -> None:
    assert set(built.counts) == EXPECTED_GRAPHS
    assert all(count > 0 for count in built.counts.values())


def test_unchanged_inputs_are_not_rebuilt(config: Config, built: stores.BuildResult) -> None:
    again = stores.build(config)
    assert not again.rebuilt
    assert again.path == built.path


def test_changed_input_rebuilds_and_switches(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in")
    cfg = config_for(inputs, tmp_path / "data")
    first = stores.build(cfg)
    with (inputs / "graph" / "reference.trig").open("a", encoding="utf-8") as handle:
        handle.write(
            "\nGRAPH <https://w3id.org/zhusan/graph/reference> {\n"
            "  <https://w3id.org/zhusan/id/x> <http://www.w3.org/2000/01/rdf-schema#label>"
            ' "x"@en .\n}\n'
        )
    second = stores.build(cfg)
    assert second.rebuilt and second.content_hash != first.content_hash
    assert stores.current_store(cfg).content_hash == second.content_hash
    assert second.counts[namespaces.GRAPH_REFERENCE] == first.counts[namespaces.GRAPH_REFERENCE] + 1


def test_triples_outside_a_named_graph_are_refused(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in")
    (inputs / "graph" / "stray.trig").write_text(
        "<https://w3id.org/zhusan/id/a> <https://w3id.org/zhusan/id/b> "
        "<https://w3id.org/zhusan/id/c> .\n"
    )
    with pytest.raises(stores.StoreError, match="outside a GRAPH"):
        stores.build(config_for(inputs, tmp_path / "data"))


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(stores.StoreError, match="zhusan-kg build"):
        stores.current_store(config_for(ROOT, tmp_path / "empty"))


def test_damaged_manifest_is_a_clear_error(tmp_path: Path) -> None:
    cfg = config_for(copy_inputs(tmp_path / "in"), tmp_path / "data")
    result = stores.build(cfg)
    (result.path / stores.MANIFEST).write_text("{not json")
    with pytest.raises(stores.StoreError, match="--force"):
        stores.current_store(cfg)
    assert stores.build(cfg).rebuilt  # and the next build repairs it


@pytest.mark.parametrize("path", sorted((ROOT / "graph").glob("*.trig")), ids=lambda p: p.name)
def test_graph_files_have_no_blank_nodes(path: Path) -> None:
    quads = list(parse(path=str(path), format=RdfFormat.TRIG))
    assert quads
    assert not [
        q for q in quads if isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode)
    ]


def test_a_deployment_base_rewrites_every_iri(tmp_path: Path) -> None:
    cfg = load_config(
        {
            "input_dir": str(ROOT),
            "data_dir": str(tmp_path / "data"),
            "base": "https://example.org/kg/",
        },
        environ={},
    )
    stores.build(cfg)
    store = stores.open_read_only(stores.current_store(cfg))
    iris = {q.subject.value for q in store}
    assert "https://example.org/kg/id/operation/zhusan" in iris
    assert not [i for i in iris if i.startswith(namespaces.ID)]


def test_a_syntax_error_names_its_file_and_keeps_the_served_store(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in")
    cfg = config_for(inputs, tmp_path / "data")
    served = stores.build(cfg)
    (inputs / "graph" / "broken.trig").write_text("GRAPH <https://w3id.org/zhusan/graph/x> { <a> ")
    with pytest.raises(stores.StoreError, match=r"broken\.trig") as raised:
        stores.build(cfg)
    assert "still serves" in str(raised.value)
    assert stores.current_store(cfg).content_hash == served.content_hash
