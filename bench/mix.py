"""The fixed query mix: bench/queries/*.rq, their headers, and the constants put into them.

Each file opens with comment lines: ``title``, ``description``, ``kind`` (small, heavy or
count: which targets apply), optionally ``placeholder`` (the ``{{NAME}}`` the distinct mode
varies, filled from the generator's entities.txt) and ``accept`` (the media type asked for;
SPARQL JSON results by default). A missing or unknown header fails at load time.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode

from server.sparql.saved_queries import read_headers

QUERIES = Path(__file__).resolve().parent / "queries"
RESULTS_JSON = "application/sparql-results+json"
KINDS = ("small", "heavy", "count")
# What each placeholder may be replaced with: values are checked, never pasted blindly.
TERM_PATTERN = re.compile(r"^[\w-]{1,40}$")
NUMBER_PATTERN = re.compile(r"^\d{1,12}(\.\d{1,6})?$")


class MixError(ValueError):
    """A query file lacks a header, or a constant does not fit its placeholder."""


@dataclass(frozen=True)
class BenchQuery:
    name: str
    title: str
    description: str
    kind: str
    template: str
    placeholder: str | None = None
    accept: str = RESULTS_JSON

    @property
    def has_distinct_mode(self) -> bool:
        return self.placeholder is not None

    def render(self, value: str | None = None) -> str:
        """The query text, with ``value`` in place of the placeholder."""
        if self.placeholder is None:
            return self.template
        if value is None:
            raise MixError(f"{self.name} needs a value for {{{{{self.placeholder}}}}}")
        return self.template.replace(
            "{{" + self.placeholder + "}}", checked(self.placeholder, value)
        )


def checked(placeholder: str, value: str) -> str:
    """``value`` if it is safe in that placeholder's position; MixError otherwise."""
    if placeholder == "NUMBER":
        if not NUMBER_PATTERN.match(value):
            raise MixError(f"NUMBER must be a non-negative decimal number, not {value!r}")
    elif placeholder == "TERM":
        if not TERM_PATTERN.match(value):
            raise MixError(f"TERM must be one word, not {value!r}")
    else:
        try:
            NamedNode(value)
        except ValueError as error:
            raise MixError(f"{placeholder} must be an IRI, not {value!r}: {error}") from None
        if any(c in value for c in '<>"{}|^`\\ '):
            raise MixError(f"{placeholder} has a character not allowed in an IRI: {value!r}")
    return value


def parse_query_file(path: Path) -> BenchQuery:
    text = path.read_text(encoding="utf-8")
    headers = read_headers(text)
    missing = [k for k in ("title", "description", "kind") if not headers.get(k)]
    if missing:
        raise MixError(f"{path}: missing header line(s): {', '.join(missing)}")
    if headers["kind"] not in KINDS:
        raise MixError(f"{path}: kind must be one of {', '.join(KINDS)}")
    placeholder = headers.get("placeholder") or None
    if placeholder and "{{" + placeholder + "}}" not in text:
        raise MixError(f"{path}: placeholder {placeholder} does not occur in the query")
    if not placeholder and "{{" in text:
        raise MixError(f"{path}: a {{{{…}}}} in the query but no placeholder header")
    # The header stays out of what is sent: every request would carry it otherwise.
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
    return BenchQuery(
        name=path.stem,
        title=headers["title"],
        description=headers["description"],
        kind=headers["kind"],
        template=body + "\n",
        placeholder=placeholder,
        accept=headers.get("accept") or RESULTS_JSON,
    )


def load_mix(folder: Path = QUERIES) -> list[BenchQuery]:
    """Every .rq file of the mix, sorted by name."""
    queries = [parse_query_file(p) for p in sorted(Path(folder).glob("*.rq"))]
    if not queries:
        raise MixError(f"no .rq files in {folder}")
    return queries


@dataclass(frozen=True)
class Constants:
    """For each placeholder, the value of the repeated mode and the values of the distinct one."""

    repeated: dict[str, str]
    distinct: dict[str, list[str]]


def choose_constants(entities: dict[str, list[str]], seed: int, limit: int = 50_000) -> Constants:
    """The first generated value is the repeated one; the distinct ones are a seeded shuffle."""
    repeated: dict[str, str] = {}
    distinct: dict[str, list[str]] = {}
    for placeholder, values in sorted(entities.items()):
        if not values:
            continue
        repeated[placeholder] = values[0]
        shuffled = widened(values, limit) if placeholder == "NUMBER" else list(values)
        random.Random(f"{seed}/{placeholder}").shuffle(shuffled)
        distinct[placeholder] = shuffled[:limit]
    return Constants(repeated, distinct)


def widened(sums: list[str], limit: int) -> list[str]:
    """Thresholds just below each operation's sum, with a fraction that differs each time: as
    many distinct constants as wanted, each keeping at least the operation it was drawn from."""
    thresholds: list[str] = []
    for fraction in range(10_000):
        for total in sums:
            thresholds.append(f"{max(int(total) - 1, 0)}.{fraction:04d}")
        if len(thresholds) >= limit:
            break
    return thresholds[:limit]


def texts(query: BenchQuery, constants: Constants, distinct: bool) -> list[str]:
    """The query texts a measurement cycles through: one when repeated, many when distinct."""
    if query.placeholder is None:
        return [query.render()]
    if not distinct:
        return [query.render(constants.repeated[query.placeholder])]
    return [query.render(value) for value in constants.distinct[query.placeholder]]
