"""The example queries of queries/: each .rq file opens with `# title:` and `# description:`
comment lines; its stem is its name and its URL. Headers are read once at start-up and a file
without them fails fast. `read_headers` is the one reader of such headers.

The headers are written in English and translated in the gettext catalogs like every other
word of the interface: `extract_headers` is the Babel extractor that puts them into the
catalogs (`make messages-extract`), and a query's `title` and `description` are read through
the catalog of the request's language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask_babel import gettext

HEADER_KEYS = ("title", "description")


class SavedQueryError(ValueError):
    """A .rq file lacks its title or description header."""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    source_title: str  # the headers as the file writes them, in English
    source_description: str
    text: str

    @property
    def title(self) -> str:
        """The title in the reader's language; English outside a request."""
        return gettext(self.source_title)

    @property
    def description(self) -> str:
        """The description in the reader's language; English outside a request."""
        return gettext(self.source_description)


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


def extract_headers(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor for .rq files (pyproject's [tool.babel] mapping): the title and the
    description, each with its line, for the catalogs."""
    text = fileobj.read().decode("utf-8")
    headers = read_headers(text)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        key = line.lstrip("# ").partition(":")[0].strip()
        if key in HEADER_KEYS and key in headers:
            yield number, None, headers[key], [f"The {key} of an example query"]
