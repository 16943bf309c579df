"""The consistency report on the real figures, and `validate` failing on a broken copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pyoxigraph import Store

from server.checks.consistency import consistency_report

from ..store.test_build import copy_inputs

OPERATION = "https://w3id.org/zhusan/id/operation/zhusan"
GROUP_2019 = OPERATION + "/2019"


def by_id(store: Store) -> dict[str, str]:
    return {check.id: check.status for check in consistency_report(store).checks}


def test_every_phase_adds_up(store: Store) -> None:
    statuses = by_id(store)
    for n in range(1, 6):
        assert statuses[f"parts-make-total:{OPERATION}/phase/{n}:source 000"] == "pass"


def test_phases_one_to_four_make_the_2019_totals(store: Store) -> None:
    statuses = by_id(store)
    for category in ("persons", "men", "women", "children"):
        assert statuses[f"phases-add-up:{GROUP_2019}:{category}:source 000"] == "pass"


def test_french_totals_against_the_phases(store: Store) -> None:
    statuses = by_id(store)
    assert statuses[f"phases-add-up:{OPERATION}:persons:source 004"] == "pass"  # 607 > 600
    assert statuses[f"phases-add-up:{OPERATION}:children:source 004"] == "pass"  # 406 + 7
    # Phase 1's orphans are not stated, so 34 can be neither confirmed nor refuted.
    assert statuses[f"phases-add-up:{OPERATION}:orphans:source 004"] == "undecided"


def test_report_tallies(store: Store) -> None:
    report = consistency_report(store)
    assert report.summary() == {"pass": 17, "fail": 0, "undecided": 4}


def test_the_inferred_graph_changes_nothing_in_the_report(store: Store) -> None:
    # The report reads the union for speed (see server/checks/consistency.py); a rule that inferred
    # figures, claims or sources would make it disagree with the asserted graphs alone.
    assert consistency_report(store) == consistency_report(store, inference=False)


def test_start_date_disagreement_is_listed(store: Store) -> None:
    [item] = consistency_report(store).disagreements
    assert item.subject == OPERATION
    assert [(value, source[-3:]) for value, _, source in item.values] == [
        ('"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>', "000"),
        ('"2019-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>', "004"),
    ]


def run_validate(inputs: Path, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--input-dir",
            str(inputs),
            "--data-dir",
            str(data),
            "validate",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_validate_passes_on_the_real_graph(tmp_path: Path) -> None:
    result = run_validate(copy_inputs(tmp_path / "in"), tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "17 passed, 0 failed, 4 undecided" in result.stdout


def test_validate_names_the_check_a_broken_figure_breaks(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in")
    graph = inputs / "graph" / "source-000.trig"
    text = graph.read_text(encoding="utf-8")
    broken = text.replace(
        "zh:category <category/persons> ; schema:value 231 ;",
        "zh:category <category/persons> ; schema:value 230 ;",
    )
    assert broken != text
    graph.write_text(broken, encoding="utf-8")
    result = run_validate(inputs, tmp_path / "data")
    assert result.returncode == 1
    assert (
        "[  fail   ] men + women + children = total: Zhusan-2 (source 000): 231 ≠ 230"
        in result.stdout
    )
    assert (
        "sum of phases, persons: Operation Zhusan, the 2019 phases (source 000): 594 ≠ 595"
        in result.stdout
    )
    assert "SumShape" in result.stdout  # SHACL's own arithmetic constraint fails too
