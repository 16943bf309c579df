"""The home page's figures: the operation's events, a table of the population figures stated
for each (a row per event and source), the headline ones, and the two source documents."""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode, QuerySolutions

from server.pages.entity import make_link
from server.pages.labels import CATEGORY_ORDER, TITLE, PageIndex, source_name

# event → (its parents, its ordinal)
Events = dict[str, tuple[set[str], int | None]]

EVENTS_QUERY = """
SELECT ?operation ?event ?parent ?ordinal WHERE {
  ?event schema:superEvent* ?operation .
  OPTIONAL { ?event schema:superEvent ?parent }
  OPTIONAL { ?event zh:ordinal ?ordinal }
}"""


def events_of(backend: Any, operation: str) -> Events:
    """The operation and every event under it: its parents and its ordinal."""
    solutions = backend.internal_query(EVENTS_QUERY, operation=NamedNode(operation))
    assert isinstance(solutions, QuerySolutions)
    events: dict[str, tuple[set[str], int | None]] = {}
    for row in solutions:
        parents, ordinal = events.get(row["event"].value, (set(), None))
        if row["parent"] is not None:
            parents.add(row["parent"].value)
        if row["ordinal"] is not None:
            ordinal = int(row["ordinal"].value)
        events[row["event"].value] = (parents, ordinal)
    return events


def figure_rows(
    index: PageIndex, events: Events, operation: str, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The table of population figures (a row per event and source), and the headline groups:
    every figure of the operation and of its phase groups, and the total of each phase that
    belongs to no group."""

    def order(event: str) -> tuple[int, int, str]:
        ordinal = events[event][1]
        if event == operation:
            return (2, 0, event)
        return (1, ordinal, event) if ordinal is not None else (0, 0, event)

    rows: list[dict[str, Any]] = []
    headline: list[dict[str, Any]] = []
    for event in sorted(events, key=order):
        parents, ordinal = events[event]
        in_group = ordinal is not None and operation not in parents
        by_source: dict[str, dict[str, Any]] = {}
        for count in index.counts_about(event):
            if count.category_key not in CATEGORY_ORDER:
                continue
            source = index.source_of(count.evidence)
            row = by_source.setdefault(
                source,
                {
                    "event": make_link(index, event, lang),
                    "source": make_link(index, source, lang) if source else None,
                    "source_name": source_name(source) if source else "",
                    "cells": {},
                    "headline": [],
                },
            )
            cell = {
                "count": make_link(index, count.iri, lang),
                "figure": index.figure_text(count, lang),
                "category": make_link(index, count.category, lang),
            }
            row["cells"][count.category_key] = cell
            if not in_group and (ordinal is None or count.category_key == "persons"):
                row["headline"].append(cell)
        rows.extend(by_source.values())
        headline.extend(row for row in by_source.values() if row["headline"])
    return rows, headline


def source_view(index: PageIndex, iri: str, lang: str) -> dict[str, Any]:
    source = index.sources[iri]
    titles = sorted(index.literals.get(iri, {}).get(TITLE, []), key=lambda title: title[1] != lang)
    return {
        "link": make_link(index, iri, lang),
        "key": source.key,
        "identifier": source.identifier,
        "language": source.language,
        "sha256": source.sha256,
        "titles": titles,
        "unknown": [make_link(index, u, lang) for u in sorted(source.unknown)],
    }
