"""Browse by type: the kinds of things a reader looks for first, in groups with human names,
and the graph's technical types (claims, evidence, selectors, checksums, …) under "Advanced";
lists sorted as people read numbers ("¶ 1, 54–120" before "¶ 1, 326–382").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext

from server.core.namespaces import SCHEMA, ZH

ORG = "http://www.w3.org/ns/org#"

# Each group names the classes whose instances a reader means by it; a class in no group is
# technical and goes under "Advanced".
GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("people", lazy_gettext("People"), (SCHEMA + "Person",)),
    (
        "organisations",
        lazy_gettext("Organisations"),
        (
            SCHEMA + "Organization",
            SCHEMA + "GovernmentOrganization",
            ORG + "FormalOrganization",
            ZH + "GovernmentAgency",
            ZH + "InternationalOrganization",
            ZH + "ArmedGroup",
            ZH + "CountryGroup",
        ),
    ),
    (
        "events",
        lazy_gettext("Events and phases"),
        (
            ZH + "Operation",
            ZH + "Phase",
            ZH + "PhaseGroup",
            SCHEMA + "Event",
            ZH + "Forum",
            ZH + "Meeting",
            ZH + "Session",
            ZH + "RecruitmentOutflow",
        ),
    ),
    (
        "places",
        lazy_gettext("Places"),
        (
            SCHEMA + "Place",
            SCHEMA + "Country",
            SCHEMA + "City",
            ZH + "Region",
            ZH + "RehabilitationCamp",
            SCHEMA + "SeaBodyOfWater",
        ),
    ),
    (
        "figures",
        lazy_gettext("Figures"),
        (ZH + "Count", SCHEMA + "Observation"),
    ),
    (
        "sources",
        lazy_gettext("Sources and what was said"),
        (ZH + "SourceDocument", SCHEMA + "NewsArticle", ZH + "Remark", ZH + "Communique"),
    ),
    (
        "roles",
        lazy_gettext("Positions and roles"),
        (ZH + "PositionHeld", ORG + "Post", ORG + "Role", ORG + "Membership"),
    ),
)
GROUP_OF = {iri: key for key, _title, classes in GROUPS for iri in classes}


@dataclass
class Group:
    key: str
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that reads digits as numbers: "¶ 1, 54–120" before "¶ 1, 326–382"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def grouped(rows: Iterable[dict[str, Any]]) -> tuple[list[Group], list[dict[str, Any]]]:
    """The reader's groups in their fixed order (each sorted by name, empty ones left out),
    and every other type, sorted by name, for the "Advanced" section."""
    groups = {key: Group(key, str(title)) for key, title, _classes in GROUPS}
    advanced = []
    for row in sorted(rows, key=lambda r: natural_key(r["link"].text)):
        key = GROUP_OF.get(row["iri"])
        if key is None:
            advanced.append(row)
        else:
            groups[key].rows.append(row)
    return [g for g in groups.values() if g.rows], advanced
