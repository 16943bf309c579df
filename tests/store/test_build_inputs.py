"""Any RDF file dropped into graph/ is built, or refused with the file, the place and what to do:
`zhusan-kg build` exits 2, leaves no staging folder and keeps the served store."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.cli import main
from server.core import namespaces
from server.core.config import Config
from server.store import disk as stores
from server.store.dumps import graph_slug, read_manifest

from .test_build import config_for, copy_inputs

EX = "http://example.org/"
FOREIGN_TRIG = (
    f"GRAPH <{EX}a> {{ <{EX}x> <{EX}p> 'in a' . }}\nGRAPH <{EX}b> {{ <{EX}y> <{EX}p> 'in b' . }}\n"
)
TURTLE = f"@prefix ex: <{EX}> .\nex:z ex:p 'from turtle' .\n"


@dataclass
class Attempt:
    exit_code: int
    stderr: str
    config: Config
    served: stores.BuildResult


Build = Callable[..., Attempt]  # files by name in graph/, and optionally a ZHUSAN_BASE


@pytest.fixture
def attempt_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Build:
    """Build the real inputs once, drop the given files into graph/, run `zhusan-kg build`."""
    monkeypatch.delenv("ZHUSAN_BASE", raising=False)
    inputs = copy_inputs(tmp_path / "in")
    data = tmp_path / "data"
    config = config_for(inputs, data)
    served = stores.build(config)

    def run(files: dict[str, bytes | str], base: str | None = None) -> Attempt:
        if base is not None:
            monkeypatch.setenv("ZHUSAN_BASE", base)
        for name, content in files.items():
            path = inputs / "graph" / name
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
        capsys.readouterr()
        exit_code = main(["--input-dir", str(inputs), "--data-dir", str(data), "-q", "build"])
        return Attempt(exit_code, capsys.readouterr().err, config, served)

    return run


def assert_refused_cleanly(attempt: Attempt, file_name: str, line: int | None = None) -> None:
    """Exit 2, a message naming the file (and line), the served store as it was, no debris."""
    assert attempt.exit_code == 2, attempt.stderr
    where = re.escape(file_name) + (f", line {line}\\b" if line is not None else "")
    assert re.search(where, attempt.stderr), attempt.stderr
    assert "still serves" in attempt.stderr
    folder = attempt.config.stores / "stores"
    assert not list(folder.glob(".building-*"))
    assert [p for p in folder.iterdir() if not p.name.startswith(".")] == [attempt.served.path]
    assert stores.current_store(attempt.config).content_hash == attempt.served.content_hash
    assert len(stores.open_read_only(stores.current_store(attempt.config))) > 0


@pytest.mark.parametrize("base", [None, "https://example.org/kg/"], ids=["bulk", "rebased"])
def test_a_syntax_error_in_trig_names_its_file_line_and_column(
    attempt_build: Build, base: str | None
) -> None:
    attempt = attempt_build({"broken.trig": f"GRAPH <{EX}g> {{\n  <{EX}s> <{EX}p> \n"}, base=base)
    assert_refused_cleanly(attempt, "broken.trig", line=3)
    assert "column 1" in attempt.stderr and "correct the file there" in attempt.stderr


def test_a_syntax_error_in_turtle_names_its_file_and_line(attempt_build: Build) -> None:
    attempt = attempt_build({"broken.ttl": f"@prefix ex: <{EX}> .\nex:s ex:p ex:o ;; ex:q .\n"})
    assert_refused_cleanly(attempt, "broken.ttl", line=2)


def test_a_file_not_in_utf8_is_refused_with_its_line_and_what_to_do(attempt_build: Build) -> None:
    latin1 = f"GRAPH <{EX}g> {{\n  <{EX}s> <{EX}p> 'caf\u00e9' .\n}}\n".encode("latin-1")
    attempt = attempt_build({"latin1.trig": latin1})
    assert_refused_cleanly(attempt, "latin1.trig", line=2)
    assert "save it as UTF-8" in attempt.stderr


def test_a_relative_iri_without_a_base_is_refused_with_its_line(attempt_build: Build) -> None:
    attempt = attempt_build({"relative.ttl": f"<{EX}s> <{EX}p> <thing> .\n"})
    assert_refused_cleanly(attempt, "relative.ttl", line=1)
    assert "@base" in attempt.stderr


def test_a_file_of_unknown_extension_is_refused_not_skipped(attempt_build: Build) -> None:
    attempt = attempt_build({"people.rdf": "<rdf:RDF/>", ".gitkeep": ""})
    assert_refused_cleanly(attempt, "people.rdf")
    assert ".trig" in attempt.stderr and "rename it" in attempt.stderr


@pytest.mark.parametrize("graph", [namespaces.GRAPH_INFERRED, namespaces.GRAPH_ONTOLOGY])
def test_a_graph_the_build_writes_itself_is_refused(attempt_build: Build, graph: str) -> None:
    attempt = attempt_build({"mine.trig": f"GRAPH <{graph}> {{ <{EX}s> <{EX}p> <{EX}o> . }}\n"})
    assert_refused_cleanly(attempt, "mine.trig")
    assert f"<{graph}>" in attempt.stderr


def test_triples_in_the_default_graph_of_nquads_are_refused(attempt_build: Build) -> None:
    attempt = attempt_build({"stray.nq": f"<{EX}s> <{EX}p> <{EX}o> .\n"})
    assert_refused_cleanly(attempt, "stray.nq")
    assert "outside a GRAPH" in attempt.stderr


def test_empty_files_are_valid_inputs(attempt_build: Build) -> None:
    attempt = attempt_build({"empty.trig": "", "empty.ttl": "", "empty.nq": b"", "empty.nt": b""})
    assert attempt.exit_code == 0, attempt.stderr
    counts = stores.current_store(attempt.config).counts
    assert set(counts) == set(attempt.served.counts)


def test_foreign_named_graphs_and_a_turtle_file_build_with_distinct_dumps(
    attempt_build: Build,
) -> None:
    attempt = attempt_build({"mine.trig": FOREIGN_TRIG, "extra.ttl": TURTLE})
    assert attempt.exit_code == 0, attempt.stderr
    served = stores.current_store(attempt.config)
    turtle_graph = namespaces.GRAPH + "file/extra.ttl"
    for graph in (f"{EX}a", f"{EX}b", turtle_graph):
        assert served.counts[graph] == 1
    dumps = read_manifest(served.dumps)
    names = [d.name for d in dumps]
    assert len(set(names)) == len(names)
    for graph in (f"{EX}a", f"{EX}b", turtle_graph):
        assert len([d for d in dumps if d.graph == graph]) == 4  # one per dump format
    assert all((served.dumps / name).is_file() for name in names)


def test_two_files_naming_the_same_graph_are_merged(attempt_build: Build) -> None:
    attempt = attempt_build(
        {
            "one.trig": f"GRAPH <{EX}shared> {{ <{EX}s> <{EX}p> 'one' . }}\n",
            "two.nq": f'<{EX}s> <{EX}p> "two" <{EX}shared> .\n',
        }
    )
    assert attempt.exit_code == 0, attempt.stderr
    assert stores.current_store(attempt.config).counts[f"{EX}shared"] == 2


def test_an_unexpected_failure_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = config_for(copy_inputs(tmp_path / "in"), tmp_path / "data")
    served = stores.build(config)

    def broken_dumps(*_args: object) -> None:
        raise RuntimeError("a bug in the dumps")

    monkeypatch.setattr(stores, "write_dumps", broken_dumps)
    with pytest.raises(RuntimeError, match="a bug in the dumps"):
        stores.build(config, force=True)
    assert not list((tmp_path / "data" / "stores").glob(".building-*"))
    assert stores.current_store(config).content_hash == served.content_hash


def test_dump_names_are_distinct_and_safe_for_any_graph_iri() -> None:
    graphs = [
        namespaces.source_graph("000"),
        namespaces.GRAPH + "source-000",
        f"{EX}a",
        f"{EX}A",
        f"{EX}a/",
        f"{EX}a?",
        "urn:x:../../etc/passwd",
        namespaces.GRAPH,
        namespaces.GRAPH + "file/my%20data.ttl",
    ]
    slugs = [graph_slug(graph) for graph in graphs]
    assert len({slug.lower() for slug in slugs}) == len(graphs)  # case-blind file systems too
    assert all(re.fullmatch(r"[a-z0-9]+(-{1,2}[a-z0-9]+)*", slug) for slug in slugs), slugs
    # The project's own graphs keep the short names their published dumps already have.
    assert graph_slug(namespaces.source_graph("000")) == "source-000"
    assert graph_slug(namespaces.GRAPH_REFERENCE) == "reference"
