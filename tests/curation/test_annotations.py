"""What the tool writes: the project's own triples for each kind of fact, minted from the
annotation's content, in a layout where one more fact is a small diff."""

from __future__ import annotations

import difflib
import hashlib
import shutil
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from server.checks.consistency import Figure, figure_disagreements
from server.curation import annotations as notes
from server.curation.document import managed_file, read_quads
from server.curation.sources import CurationError, inside, next_key
from server.curation.workspace import Workspace

from ..conftest import ROOT, sources_dir
from .conftest import Copy, make_copy
from .zhusan6 import ANNOTATIONS, DOCUMENT, ID, annotation, span

SOURCE_000 = "https://w3id.org/zhusan/graph/source/000"


def annotate_all(workspace: Workspace, key: str, order: list[int] | None = None) -> bytes:
    for number in order or range(len(ANNOTATIONS)):
        workspace.annotate(key, annotation(number))
    return managed_file(workspace.graph_folder, key).read_bytes()


def test_add_source_registers_its_sha256_and_copies_the_text(
    registered: tuple[Workspace, str],
) -> None:
    workspace, key = registered
    assert key == "005"  # one more than the highest source the graph names
    digest = hashlib.sha256(DOCUMENT.encode()).hexdigest()
    copied = workspace.sources / f"005_{digest[:16]}.txt"
    assert copied.read_bytes() == DOCUMENT.encode()
    text = (workspace.graph_folder / "source-005.trig").read_text(encoding="utf-8")
    assert digest in text
    assert "zh:unknownValueFor schema:author , schema:datePublished , schema:publisher" in text
    assert "GRAPH <https://w3id.org/zhusan/graph/source/005>" not in text  # no facts yet
    assert next_key(workspace.graph_folder) == "006"


def test_the_same_five_annotations_give_byte_identical_trig(tmp_path: Path) -> None:
    from server.curation.document import Metadata

    written = []
    for run, order in enumerate(([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [1, 3, 0, 2, 4])):
        copy = make_copy(tmp_path / f"run-{run}")
        workspace = copy.workspace()
        key = workspace.add_source(copy.document, Metadata("en", "Zhusan-6, a later flight home"))
        written.append(annotate_all(workspace, key, order))
    assert written[0] == written[1]
    assert written[0] == written[2]  # the order of the annotations does not matter either


def test_one_more_figure_is_a_diff_of_a_few_lines(registered: tuple[Workspace, str]) -> None:
    workspace, key = registered
    annotate_all(workspace, key)
    path = managed_file(workspace.graph_folder, key)
    before = path.read_text(encoding="utf-8").splitlines()
    start, end = span("12 people")
    change = workspace.annotate(
        key,
        {
            "kind": "figure",
            "start": start,
            "end": end,
            "scope": ID + "event/zhusan-6",
            "category": ID + "category/persons",
            "value": 12,
        },
    )
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 0 < len(changed) <= 12, "\n".join(changed)
    assert all(line.startswith("+") for line in changed)  # nothing else moved
    assert change.diff.count("\n+  <") == 3  # the count, its evidence, the selector


def test_each_kind_is_written_as_the_hand_written_files_write_it(
    registered: tuple[Workspace, str],
) -> None:
    workspace, key = registered
    annotate_all(workspace, key)
    text = managed_file(workspace.graph_folder, key).read_text(encoding="utf-8")
    start, end = span("May 2022")
    assert f"<evidence/005/{start}-{end}#selector> a oa:TextPositionSelector ; " in text
    assert f"oa:end {end} ; oa:start {start} ." in text
    assert '<event/zhusan-6> schema:startDate "2022-05"^^xsd:gYearMonth ;' in text
    assert "zh:coordinatedBy <org/knb>" in text
    assert "<position/aruzhan-testova/knb> a zh:PositionHeld" in text
    assert '<person/aruzhan-testova> a schema:Person ; rdfs:label "Aruzhan Testova"@en' in text
    remark_start = span(ANNOTATIONS[4][0])[0]
    assert f"<remark/aruzhan-testova-005-{remark_start}> a zh:Remark" in text
    # Paragraphs are lines of the text.
    assert f"<evidence/005/{start}-{end}> a zh:Evidence ;" in text
    assert "zh:paragraph 1 ." in text


def test_reannotating_a_count_of_source_000_gives_the_hand_written_triples(
    tmp_path: Path,
) -> None:
    sources_dir()
    copy: Copy = make_copy(tmp_path, with_articles=True)
    workspace = copy.workspace()
    hand_written = set(parse(path=str(ROOT / "graph" / "source-000.trig"), format=RdfFormat.TRIG))
    change = workspace.annotate(
        "000",
        {
            "kind": "figure",
            "start": 2076,
            "end": 2085,
            "scope": ID + "operation/zhusan/phase/2",
            "category": ID + "category/children",
            "value": 156,
        },
    )
    assert change.fact == ID + "count/000/zhusan-2/children"
    # Beside the hand-written file, never in it.
    assert change.file == "source-000-curated.trig"
    assert (copy.inputs / "graph" / "source-000.trig").read_bytes() == (
        ROOT / "graph" / "source-000.trig"
    ).read_bytes()
    written = set(read_quads(copy.inputs / "graph" / "source-000-curated.trig"))
    assert written
    assert written <= hand_written
    # Every hand-written triple about that count and its evidence is written again.
    nodes = {change.fact, ID + "evidence/000/2076-2085", ID + "evidence/000/2076-2085#selector"}
    wanted = {q for q in hand_written if q.subject.value in nodes}
    assert wanted == written
    assert change.findings.violations == [] and change.findings.disagreements == []


def test_editing_replaces_and_deleting_removes_the_fact_and_its_unused_evidence(
    registered: tuple[Workspace, str],
) -> None:
    workspace, key = registered
    empty = managed_file(workspace.graph_folder, key).read_bytes()
    first = workspace.annotate(key, annotation(0))
    edited = {**annotation(0), "value": 161}
    workspace.annotate(key, edited, replaces=first.fact)
    [fact] = workspace.facts(key)
    assert fact["form"]["value"] == 161
    assert fact["form"] == {**edited, "more_than": False}
    workspace.delete(key, first.fact or "")
    assert workspace.facts(key) == []
    assert managed_file(workspace.graph_folder, key).read_bytes() == empty
    with pytest.raises(CurationError):
        workspace.delete(key, first.fact or "")


def test_deleting_a_claim_removes_its_triple_and_every_span_of_it(
    registered: tuple[Workspace, str],
) -> None:
    workspace, key = registered
    first = workspace.annotate(key, annotation(2))
    other_span = span("coordinated by the National Security Committee, which ran the flights")
    workspace.annotate(key, {**annotation(2), "start": other_span[0], "end": other_span[1]})
    path = managed_file(workspace.graph_folder, key)
    # Same claim, two spans: deleting the claim deletes both spans and the triple.
    workspace.delete(key, first.fact or "")
    assert "coordinatedBy" not in path.read_text(encoding="utf-8")


def test_a_remark_copying_the_source_is_refused(registered: tuple[Workspace, str]) -> None:
    workspace, key = registered
    copied = {**annotation(4), "gist_en": "the returnees would be helped to find work"}
    with pytest.raises(CurationError, match="own words"):
        workspace.annotate(key, copied)


@pytest.mark.parametrize(
    "change",
    [
        {"start": 5, "end": 5},
        {"start": 0, "end": 10_000},
        {"date": "2022-5"},
        {"precision": "week"},
        {"subject": {"new": {"kind": "person", "labels": {"ru": "Без английского"}}}},
    ],
)
def test_a_malformed_annotation_is_refused_with_the_reason(
    registered: tuple[Workspace, str], change: dict[str, object]
) -> None:
    workspace, key = registered
    before = managed_file(workspace.graph_folder, key).read_bytes()
    with pytest.raises(CurationError):
        workspace.annotate(key, {**annotation(1), **change})
    assert managed_file(workspace.graph_folder, key).read_bytes() == before


def test_unannotated_figures_are_the_numbers_and_dates_no_span_covers(
    registered: tuple[Workspace, str],
) -> None:
    workspace, key = registered
    listed = {item["text"] for item in workspace.unannotated(key)}
    assert {"May 2022", "160", "12", "3"} <= listed
    annotate_all(workspace, key)
    left = workspace.unannotated(key)
    assert {item["text"] for item in left} >= {"12", "3"}
    assert not {"May 2022", "160"} & {item["text"] for item in left}
    for item in left:
        assert DOCUMENT[item["start"] : item["end"]] == item["text"]
    assert workspace.facts(key)  # the helper added nothing itself
    assert len(workspace.facts(key)) == len(ANNOTATIONS)


def test_a_file_name_never_leads_out_of_the_sources_folder(tmp_path: Path) -> None:
    (tmp_path / "inside.txt").write_text("x")
    assert inside(tmp_path, "inside.txt") == (tmp_path / "inside.txt").resolve()
    for name in ("../secret.txt", "/etc/passwd", "a/../../b.txt", "..", ".hidden.txt", "x.trig"):
        with pytest.raises(CurationError):
            inside(tmp_path, name)
    (tmp_path / "link.txt").symlink_to("/etc/hostname")
    with pytest.raises(CurationError):
        inside(tmp_path, "link.txt")


def test_figures_two_sources_give_differently_are_a_disagreement() -> None:
    def figure(value: int, source: str, more_than: bool = False) -> Figure:
        return Figure(
            f"count/{source}", "phase/2", "Zhusan-2", "children", value, more_than, source
        )

    [found] = figure_disagreements([figure(156, "000"), figure(160, "005")])
    assert [v for v, _, _ in found.values] == ["156", "160"]
    assert found.predicate.endswith("/category/children")
    assert figure_disagreements([figure(156, "000"), figure(156, "005")]) == []
    assert figure_disagreements([figure(156, "000"), figure(160, "000")]) == []


def test_slugs_follow_the_hand_written_iris() -> None:
    assert notes.slug(ID + "operation/zhusan/phase/2") == "zhusan-2"
    assert notes.slug(ID + "operation/zhusan/2019") == "zhusan-2019"
    assert notes.slug(ID + "event/un-meeting-2019-06") == "un-meeting-2019-06"
    assert notes.slug(ID + "org/knb") == "knb"


def test_managed_file_of_a_hand_written_source_is_beside_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "graph", tmp_path / "graph")
    assert managed_file(tmp_path / "graph", "000").name == "source-000-curated.trig"
    assert managed_file(tmp_path / "graph", "007").name == "source-007.trig"
