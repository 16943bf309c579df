"""Source documents for curators: registering one, finding its text, pointing into it.

The text stays outside the repository, in the sources folder, under ``NNN_<hash16>.txt``
(the first 16 hex digits of its sha256). A file name from a request is only ever a plain
name looked up inside that folder; anything else (a path, ``..``, a link leading out) is
refused. Offsets count code points of the UTF-8 text, end exclusive; paragraphs are lines.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from server.core.namespaces import ID

SOURCE_KEY = re.compile(r"[0-9]{3}")
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,200}\.txt")
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
SOURCE_IRI = re.compile(re.escape(ID) + r"source/([0-9]{3})(?![0-9])")


class CurationError(ValueError):
    """A curator's request that cannot be carried out; the message says why and what to do."""


@dataclass(frozen=True)
class SourceText:
    key: str
    path: Path
    text: str
    sha256: str


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_key(key: str) -> str:
    if not SOURCE_KEY.fullmatch(key):
        raise CurationError(f"not a source key: {key!r} (three digits, e.g. 005)")
    return key


def inside(folder: Path, name: str) -> Path:
    """The file ``name`` of ``folder``: a plain file name that stays inside it, or an error."""
    if not FILE_NAME.fullmatch(name) or ".." in name:
        raise CurationError(f"not a source file name: {name!r} (a plain NNN_….txt name)")
    root = folder.resolve()
    path = (root / name).resolve()
    if path.parent != root:
        raise CurationError(f"{name!r} is not inside the sources folder")
    return path


def read_text(folder: Path, name: str, expected_sha256: str | None = None) -> SourceText:
    """A source's text, checked against its registered sha256 when one is given."""
    path = inside(folder, name)
    if not path.is_file():
        raise CurationError(f"{name} is not in the sources folder {folder}")
    data = path.read_bytes()
    digest = sha256_of(data)
    if expected_sha256 and digest != expected_sha256:
        raise CurationError(f"{name} has sha256 {digest}, not the registered {expected_sha256}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CurationError(f"{name} is not UTF-8: {error}") from error
    return SourceText(name[:3], path, text, digest)


def paragraph_of(text: str, start: int) -> int:
    """The 0-based line of the code point ``start``."""
    return text.count("\n", 0, start)


def check_span(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise CurationError(f"span {start}-{end} is not inside the text (0-{len(text)})")
    if text.count("\n", start, end):
        raise CurationError(f"span {start}-{end} crosses a line: a span lies in one paragraph")


def file_name(key: str, sha256: str) -> str:
    return f"{key}_{sha256[:16]}.txt"


def next_key(graph_folder: Path) -> str:
    """One more than the highest source number any file of graph/ mentions."""
    numbers = [-1]
    for path in sorted(graph_folder.iterdir()) if graph_folder.is_dir() else []:
        if path.is_file() and not path.name.startswith("."):
            text = path.read_text(encoding="utf-8", errors="replace")
            numbers += [int(n) for n in re.findall(r"<source/([0-9]{3})[>#]", text)]
            numbers += [int(n) for n in SOURCE_IRI.findall(text)]
            found = re.fullmatch(r"source-([0-9]{3})(?:-curated)?\.trig", path.name)
            if found:
                numbers.append(int(found.group(1)))
    if max(numbers) >= 999:
        raise CurationError("no source number left below 1000")
    return f"{max(numbers) + 1:03d}"


def registered_checksums(graph_folder: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted(graph_folder.glob("*.trig")):
        found |= set(re.findall(r'"([0-9a-f]{64})"', path.read_text(encoding="utf-8")))
    return found


def place_text(source: Path, folder: Path, key: str) -> tuple[str, str]:
    """Copy ``source`` into the sources folder as ``NNN_<hash16>.txt`` unless it is there
    already; return its file name and sha256. Its bytes must be UTF-8 text."""
    data = source.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CurationError(f"{source} is not UTF-8 text: {error}") from error
    digest = sha256_of(data)
    name = file_name(key, digest)
    folder.mkdir(parents=True, exist_ok=True)
    target = inside(folder, name)
    if target.exists():
        if sha256_of(target.read_bytes()) != digest:
            raise CurationError(f"{target} exists with other bytes; move it away first")
    elif source.resolve() != target:
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
    return name, digest
