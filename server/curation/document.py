"""The TriG file the tool manages for one source: its registration and the facts it states.

A new source gets ``graph/source-NNN.trig`` with two graphs: the reference graph (the source
document, and the things its facts introduce, with their labels) and the source's own graph
(its facts and their evidence). Keeping the registration in this file rather than in
reference.trig means the tool only ever rewrites a file it wrote entirely: adding a source
is one new file to review, and removing it is deleting that file. For a source whose file a
person wrote (000, 004), the tool writes beside it, into ``source-NNN-curated.trig``, and
never rewrites the hand-written one. The build merges graphs of the same name across files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from server.core.namespaces import (
    DCTERMS,
    GRAPH_REFERENCE,
    ID,
    RDF,
    RDFS,
    SCHEMA,
    SPDX,
    XSD,
    ZH,
)
from server.curation.sources import CurationError, check_key
from server.curation.trig_writer import trig_text

MARKER = "Written by `zhusan-kg curate`"
UNKNOWABLE = ("author", "publisher", "datePublished", "url")


@dataclass(frozen=True)
class Metadata:
    language: str
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None


def managed_file(graph_folder: Path, key: str) -> Path:
    """Where the tool writes source ``key``'s annotations (see the module's docstring)."""
    check_key(key)
    own = graph_folder / f"source-{key}.trig"
    if not own.exists() or is_managed(own):
        return own
    return graph_folder / f"source-{key}-curated.trig"


def is_managed(path: Path) -> bool:
    return path.exists() and MARKER in "\n".join(path.read_text(encoding="utf-8").split("\n")[:3])


def read_quads(path: Path) -> list[Quad]:
    if not path.exists():
        return []
    try:
        return list(parse(path=str(path), format=RdfFormat.TRIG))
    except SyntaxError as error:
        raise CurationError(f"{path.name} does not parse: {error}") from error


def write_quads(path: Path, key: str, quads: Iterable[Quad]) -> str:
    """Write the file atomically; return its text."""
    kept = sorted(set(quads), key=str)
    text = trig_text(kept, header(key, kept))
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return text


def header(key: str, quads: list[Quad]) -> list[str]:
    source = ID + f"source/{key}"
    name = next(
        (
            q.object.value
            for q in quads
            if isinstance(q.object, Literal)
            and q.subject == NamedNode(source)
            and q.predicate.value == DCTERMS + "identifier"
        ),
        None,
    )
    lines = [f"Facts stated by source {key}" + (f" ({name})." if name else "."), MARKER + "."]
    lines += [
        "Edit it with the tool, or by hand and then let the tool rewrite it (comments are not",
        "kept). Evidence spans count code points of the text, end exclusive; the text itself",
        "is never copied here. One resource per block, blocks sorted: each fact is its own diff.",
    ]
    return lines


def registration(key: str, file_name: str, sha256: str, meta: Metadata) -> list[Quad]:
    """The source document's description, in the reference graph."""
    graph = NamedNode(GRAPH_REFERENCE)
    source = NamedNode(ID + f"source/{key}")
    checksum = NamedNode(ID + f"source/{key}#sha256")

    def add(subject: NamedNode, predicate: str, obj: NamedNode | Literal) -> Quad:
        return Quad(subject, NamedNode(predicate), obj, graph)

    quads = [
        add(source, RDF + "type", NamedNode(ZH + "SourceDocument")),
        add(source, DCTERMS + "identifier", Literal(file_name)),
        add(
            source,
            DCTERMS + "language",
            Literal(meta.language, datatype=NamedNode(XSD + "language")),
        ),
        add(source, SPDX + "checksum", checksum),
        add(checksum, RDF + "type", NamedNode(SPDX + "Checksum")),
        add(checksum, SPDX + "algorithm", NamedNode(SPDX + "checksumAlgorithm_sha256")),
        add(
            checksum, SPDX + "checksumValue", Literal(sha256, datatype=NamedNode(XSD + "hexBinary"))
        ),
    ]
    if meta.title:
        quads.append(add(source, DCTERMS + "title", Literal(meta.title, language=meta.language)))
        label = f"{meta.title} (source {key})"
    else:
        # The title is required (SHACL); an untitled text gets the curators' own wording.
        quads.append(add(source, ZH + "curatorLabel", Literal(True)))
        quads.append(
            add(
                source,
                DCTERMS + "title",
                Literal(f"Untitled document (source {key})", language="en"),
            )
        )
        label = f"Untitled {meta.language} document (source {key})"
    quads.append(add(source, RDFS + "label", Literal(label, language="en")))
    known = {
        "author": None,
        "publisher": Literal(meta.publisher) if meta.publisher else None,
        "datePublished": _date(meta.published) if meta.published else None,
        "url": NamedNode(meta.url) if meta.url else None,
    }
    for name in UNKNOWABLE:
        value = known[name]
        if value is None:
            quads.append(add(source, ZH + "unknownValueFor", NamedNode(SCHEMA + name)))
        else:
            quads.append(add(source, SCHEMA + name, value))
    return quads


def _date(text: str) -> Literal:
    for pattern, datatype in (
        (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "date"),
        (r"[0-9]{4}-[0-9]{2}", "gYearMonth"),
        (r"[0-9]{4}", "gYear"),
    ):
        if re.fullmatch(pattern, text):
            return Literal(text, datatype=NamedNode(XSD + datatype))
    raise CurationError(f"--published {text!r}: write YYYY-MM-DD, YYYY-MM or YYYY")
