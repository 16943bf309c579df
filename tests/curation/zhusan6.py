"""A document written for these tests, in their own words, about a made-up later phase,
"Zhusan-6", and the five annotations a curator makes on it. Nothing here comes from the
articles. The leaf (an astral character, two UTF-16 code units) comes before every span, so
an offset counted in code units instead of code points would point one place too far."""

from __future__ import annotations

from typing import Any

ID = "https://w3id.org/zhusan/id/"
SCHEMA = "http://schema.org/"
ZH = "https://w3id.org/zhusan/ontology#"

DOCUMENT = """Zhusan-6: a later flight home \U0001f33f (a made-up report for the curation tests)
The follow-up mission called Zhusan-6 took place in May 2022, the committee reported.
It was coordinated by the National Security Committee, which ran the flights.
In a correction, the report now counts 160 children brought back during Zhusan-2.
The head of the mission, Aruzhan Testova, represented the committee on board.
She said the returnees would be helped to find work and housing within a year.
Another 12 people and 3 flights are mentioned here without being annotated.
"""

ZHUSAN_6 = {"new": {"kind": "event", "labels": {"en": "Zhusan-6", "ru": "Жусан-6"}}}
TESTOVA = {"new": {"kind": "person", "labels": {"en": "Aruzhan Testova", "ru": "Аружан Тестова"}}}

# (phrase, annotation without its span): the span is the phrase's place in DOCUMENT.
ANNOTATIONS: list[tuple[str, dict[str, Any]]] = [
    (
        "160 children",
        {
            "kind": "figure",
            "scope": ID + "operation/zhusan/phase/2",
            "category": ID + "category/children",
            "value": 160,
            "more_than": False,
        },
    ),
    (
        "May 2022",
        {
            "kind": "date",
            "subject": ZHUSAN_6,
            "predicate": SCHEMA + "startDate",
            "date": "2022-05",
            "precision": "month",
            "qualifier": "",
        },
    ),
    (
        "coordinated by the National Security Committee",
        {
            "kind": "relation",
            "subject": ID + "event/zhusan-6",
            "predicate": ZH + "coordinatedBy",
            "object": ID + "org/knb",
        },
    ),
    (
        "The head of the mission, Aruzhan Testova",
        {
            "kind": "position",
            "person": TESTOVA,
            "role": ID + "role/head",
            "organisation": ID + "org/knb",
            "attested_at": "",
        },
    ),
    (
        "She said the returnees would be helped to find work and housing within a year.",
        {
            "kind": "remark",
            "attributed_to": ID + "person/aruzhan-testova",
            "about": ID + "event/zhusan-6",
            "made_at": "",
            "gist_en": "Promised the people brought home support with jobs and homes in their first year back.",
            "gist_ru": "Пообещала вернувшимся помощь с работой и жильём в первый год.",
        },
    ),
]
FACTS = [
    ID + "count/005/zhusan-2/children",
    ID + "claim/005/zhusan-6-startDate",
    ID + "claim/005/zhusan-6-coordinatedBy-knb",
    ID + "position/aruzhan-testova/knb",
    ID + "remark/aruzhan-testova-005-",  # + the start of its span
]


def span(phrase: str) -> tuple[int, int]:
    """Code points, end exclusive (Python str indices)."""
    start = DOCUMENT.index(phrase)
    return start, start + len(phrase)


def annotation(number: int) -> dict[str, Any]:
    phrase, fields = ANNOTATIONS[number]
    start, end = span(phrase)
    return {**fields, "start": start, "end": end}
