"""Every example query of queries/ runs and gives its known answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pyoxigraph import Store

from server.backends.querying import select
from server.sparql.saved_queries import SavedQueryError, load_saved_queries, parse_saved_query

from ..conftest import ROOT

ID = "https://w3id.org/zhusan/id/"
ZH = "https://w3id.org/zhusan/ontology#"
SCHEMA = "http://schema.org/"
Rows = list[dict[str, str]]


def values(rows: Rows, *names: str) -> list[tuple[str, ...]]:
    return [tuple(row.get(n, "") for n in names) for row in rows]


EXPECTED: dict[str, Callable[[Rows], Any]] = {
    "phase-figures": lambda r: (
        values(r, "ordinal", "total", "men", "women", "children", "orphans")
        == [
            ("1", "47", "6", "11", "30", ""),
            ("2", "231", "16", "59", "156", "18"),
            ("3", "246", "8", "67", "171", "9"),
            ("4", "71", "3", "19", "49", "5"),
            ("5", "12", "4", "1", "7", "2"),
        ]
    ),
    "figures-with-sources": lambda r: (
        len(r) == 35
        and ("Operation Zhusan", "persons (total)", "600", "true")
        in values(r, "scopeLabel", "category", "value", "moreThan")
    ),
    "totals-2019": lambda r: (
        values(r, "category", "value")
        == [("persons (total)", "595"), ("children", "406"), ("women", "156"), ("men", "33")]
    ),
    "returnees-by-phase-sum": lambda r: (
        values(r, "category", "sumOverPhases", "phasesStated")
        == [
            ("persons (total)", "607", "5"),
            ("children", "413", "5"),
            ("women", "157", "5"),
            ("men", "37", "5"),
            ("orphans", "34", "4"),
        ]
    ),
    "sum-of-phases": lambda r: (
        all(row["sumOfPhases"] == row["stated"] for row in r) and len(r) == 4
    ),
    "start-date-claims": lambda r: (
        values(r, "date", "qualifier", "source", "start", "end")
        == [
            ("2019", "early", ID + "source/000", "1330", "1400"),
            ("2019-03", "", ID + "source/004", "2089", "2116"),
        ]
    ),
    "disagreements": lambda r: values(r, "value1", "value2") == [("2019", "2019-03")],
    "evidence-for-a-figure": lambda r: (
        values(r, "value", "paragraph", "start", "end") == [("156", "4", "2076", "2085")]
        and r[0]["sha256"].startswith("06e7ffedc36d")
    ),
    "who-said-what": lambda r: (
        len(r) == 6
        and {row["speakerLabel"] for row in r}
        == {"Natalia Gherman", "Vladimir Voronkov", "National Security Committee of Kazakhstan"}
    ),
    "positions-held": lambda r: (
        values(r, "personLabel", "roleLabel")
        == [("Natalia Gherman", "executive director"), ("Vladimir Voronkov", "head")]
    ),
    "timeline": lambda r: (
        [row["date"] for row in r]
        == ["2010", "2019", "2019", "2019-03", "2019-06", "2021-02-04", "2023-07-13"]
    ),
    "labels-in-four-languages": lambda r: (
        len(r) == 18
        and ("Kazakhstan", "Казахстан", "Kazakhstan", "Қазақстан")
        in values(r, "en", "ru", "fr", "kk")
    ),
    "agencies-and-roles": lambda r: (
        ("National Security Committee of Kazakhstan", "Zhusan-5")
        in values(r, "agentLabel", "eventLabel")
        and ("Ministry of Foreign Affairs of Kazakhstan", ZH + "underAegisOf")
        in values(r, "agentLabel", "relation")
        and ("United Nations", SCHEMA + "organizer") not in values(r, "agentLabel", "relation")
        and len(r) == 9
    ),
    "forum-2023": lambda r: (
        values(r, "start", "end", "placeLabel", "sessions")
        == [("2023-07-13", "2023-07-14", "Astana", "3")]
        and len(r[0]["countries"].split(", ")) == 7
    ),
    "wikidata-links": lambda r: (
        len(r) == 15
        and ("Kazakhstan", "http://www.wikidata.org/entity/Q232") in values(r, "label", "wikidata")
    ),
    "children-and-orphans": lambda r: (
        values(r, "children", "orphans")
        == [("30", ""), ("156", "18"), ("171", "9"), ("49", "5"), ("7", "2")]
    ),
    "facts-per-source": lambda r: (
        {(row["graph"][-3:], row["kind"].rsplit("#")[1]): row["facts"] for row in r}
        == {
            ("000", "Claim"): "55",
            ("000", "Count"): "31",
            ("000", "PositionHeld"): "1",
            ("000", "Remark"): "1",
            ("004", "Claim"): "23",
            ("004", "Count"): "4",
            ("004", "PositionHeld"): "1",
            ("004", "Remark"): "4",
        }
    ),
}

SAVED = load_saved_queries(ROOT / "queries")


def test_there_are_at_least_twelve_example_queries() -> None:
    assert len(SAVED) >= 12


def test_every_example_query_has_a_checked_answer() -> None:
    assert {q.name for q in SAVED} == set(EXPECTED)


@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_example_query_gives_its_known_answer(saved: Any, store: Store) -> None:
    rows = [{k: v.value for k, v in row.items()} for row in select(store, saved.text)]
    assert rows, saved.name
    assert EXPECTED[saved.name](rows), rows


def test_a_query_file_without_headers_fails_fast(tmp_path: Any) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(SavedQueryError, match="title"):
        parse_saved_query(bad)
