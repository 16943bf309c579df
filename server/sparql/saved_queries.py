"""The example queries of queries/: each .rq file opens with `# title:` and `# description:`
comment lines; its stem is its name and its URL. Headers are read once at start-up and a file
without them fails fast. `read_headers` is the one reader of such headers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HEADER_KEYS = ("title", "description")


class SavedQueryError(ValueError):
    """A .rq file lacks its title or description header."""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    text: str


def read_headers(text: str) -> dict[str, str]:
    """The ``# key: value`` comment lines that open a .rq file, keys with no value left out.

    >>> read_headers("# title: Phases\\n# kind:\\nSELECT * {}\\n# title: not a header")
    {'title': 'Phases'}

    The one reader of these headers: the benchmark's query files (bench/queries/) use it too,
    with headers of their own.
    """
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if value.strip():
            headers[key.strip()] = value.strip()
    return headers


def parse_saved_query(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    headers = read_headers(text)
    missing = [k for k in HEADER_KEYS if k not in headers]
    if missing:
        raise SavedQueryError(f"{path}: missing header line(s): {', '.join(missing)}")
    return SavedQuery(path.stem, headers["title"], headers["description"], text)


def load_saved_queries(folder: Path) -> list[SavedQuery]:
    """Every .rq file of ``folder``, sorted by name."""
    queries = [parse_saved_query(p) for p in sorted(folder.glob("*.rq"))]
    if not queries:
        raise SavedQueryError(f"no .rq files in {folder}")
    return queries
