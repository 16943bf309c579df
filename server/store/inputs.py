"""The build's inputs: which files of ontology/ and graph/ are read, in which RDF format, into
which graphs, and the error a user gets when one of them cannot be used.

Part of the store's build; imports only pyoxigraph and `namespaces`, and `store` builds on it.
Every problem is an `InputError` that names the file, the line and column where the parser
gives them, and what to do about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from server.core import namespaces

# By extension: a dataset format names its own graphs, a triple format goes into one graph.
INPUT_FORMATS: dict[str, RdfFormat] = {
    ".trig": RdfFormat.TRIG,
    ".nq": RdfFormat.N_QUADS,
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
}
ONTOLOGY_FILES = ("ontology/zhusan.ttl", "ontology/concepts.ttl")
# Graphs the build fills itself; a file in graph/ adding to them would be silently mixed in.
RESERVED_GRAPHS = {
    namespaces.GRAPH_ONTOLOGY: "the build loads ontology/ into it",
    namespaces.GRAPH_INFERRED: "the build writes the inferred triples into it",
}
# A Turtle or N-Triples file's triples go into a graph named after the file: the default
# graph is reserved for the union of all graphs.
FILE_GRAPHS = namespaces.GRAPH + "file/"


class InputError(ValueError):
    """An input file the build cannot use: where, what is wrong, and what to do."""

    def __init__(
        self,
        path: Path,
        problem: str,
        hint: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = "" if line is None else f", line {line}"
        where += "" if line is None or column is None else f", column {column}"
        super().__init__(f"{path}{where}: {problem}; {hint}")
        self.path, self.line, self.column = path, line, column


@dataclass(frozen=True)
class InputFile:
    path: Path
    format: RdfFormat
    graph: NamedNode | None  # the graph of a triple format's triples; None: the file names them
    from_user: bool  # a file of graph/: checked against the reserved graphs


def file_graph(path: Path) -> NamedNode:
    """The graph of a Turtle or N-Triples file in graph/: ``…/graph/file/people.ttl``."""
    return NamedNode(FILE_GRAPHS + quote(path.name, safe=""))


def input_files(inputs: Path) -> list[InputFile]:
    """The files a store is built from, in a fixed order (shapes are validated, not loaded)."""
    ontology = [inputs / name for name in ONTOLOGY_FILES]
    missing = [str(path) for path in ontology if not path.is_file()]
    folder = inputs / "graph"
    graphs = [_graph_input(path) for path in _visible_files(folder)]
    if missing or not graphs:
        problem = f"missing {', '.join(missing)}" if missing else "no RDF file in it"
        where = inputs if missing else folder
        raise InputError(where, problem, "point ZHUSAN_INPUT_DIR at the folder with the inputs")
    ontology_graph = NamedNode(namespaces.GRAPH_ONTOLOGY)
    return [InputFile(p, RdfFormat.TURTLE, ontology_graph, False) for p in ontology] + graphs


def _visible_files(folder: Path) -> list[Path]:
    # Hidden files (.gitkeep, editors' swap files) are never data; folders are not read.
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _graph_input(path: Path) -> InputFile:
    # Refused rather than skipped: a skipped file's facts would be missing from a build that
    # reports success, and progress lines (where a warning would go) are silent when piped.
    rdf_format = INPUT_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(INPUT_FORMATS)
        raise InputError(
            path,
            f"the build reads only RDF files named {known}",
            "rename it with the extension of its format, or move it out of graph/",
        )
    graph = None if rdf_format.supports_datasets else file_graph(path)
    return InputFile(path, rdf_format, graph, True)


def load_inputs(
    store: Store, files: list[InputFile], base: str, progress: Callable[[str], None] = print
) -> None:
    """Every input into the store, each checked as it is loaded.

    graph/ goes first, so that `_check_loaded` finds the reserved graphs empty unless the file
    just loaded named them.
    """
    for item in sorted(files, key=lambda item: not item.from_user):
        load_input(store, item, base)
        progress(f"loaded {item.path.name}")


def load_input(store: Store, item: InputFile, base: str) -> None:
    """Load one input file, then check what it added."""
    try:
        if base == namespaces.BASE:
            # Oxigraph's bulk loader parses and writes in Rust: several times faster than quads
            # handed over from Python, which only a deployment's own base needs (`rebased`).
            store.bulk_load(path=str(item.path), format=item.format, to_graph=item.graph)
        else:
            quads = parse(path=str(item.path), format=item.format)
            store.bulk_extend(rebased(_into(quads, item.graph), base))
    except SyntaxError as error:
        raise syntax_error(item.path, error) from error
    _check_loaded(store, item)


def _into(quads: Iterable[Quad], graph: NamedNode | None) -> Iterator[Quad]:
    for quad in quads:
        yield quad if graph is None else Quad(quad.subject, quad.predicate, quad.object, graph)


def syntax_error(path: Path, error: SyntaxError) -> InputError:
    """The parser's complaint with its place, and what to do about its usual causes."""
    # The place is given apart; Oxigraph also repeats it at the start of its message.
    reason = re.sub(r"^Parser error at line [^:]*: ", "", error.msg or str(error))
    if "UTF-8" in reason:
        hint = "RDF files are UTF-8: save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)"
    elif "absolute IRI" in reason or "relative IRI" in reason:
        hint = "write the IRI in full, or declare a base with @base <…> at the top of the file"
    else:
        hint = "correct the file there (or move it out of graph/) and build again"
    return InputError(path, reason, hint, error.lineno, error.offset)


def _check_loaded(store: Store, item: InputFile) -> None:
    # Run after each file, so that the message names the file that did it.
    if _holds_quads(store, DefaultGraph()):
        raise InputError(
            item.path,
            "triples outside a GRAPH block are not allowed (the default graph is the union)",
            "put them in a GRAPH <…> { } block, or save them as .ttl to have a graph of their own",
        )
    if not item.from_user:
        return
    for graph, why in RESERVED_GRAPHS.items():
        if _holds_quads(store, NamedNode(graph)):
            raise InputError(
                item.path,
                f"it names the graph <{graph}>, but {why}",
                "give your graph another name (…/graph/reference, or an IRI of your own)",
            )


def _holds_quads(store: Store, graph: NamedNode | DefaultGraph) -> bool:
    return next(store.quads_for_pattern(None, None, None, graph), None) is not None


def rebased(quads: Iterable[Quad], base: str) -> Iterator[Quad]:
    """Move instance IRIs (``id/…``) onto a deployment's own persistent base.

    The ontology's terms and the graph names stay in the project's namespace: they name the
    vocabulary, which does not change with the place a copy of the data is published.
    """
    canonical = namespaces.ID
    moved = base + "id/"

    def move(term: Any) -> Any:
        if isinstance(term, NamedNode) and term.value.startswith(canonical):
            return NamedNode(moved + term.value[len(canonical) :])
        return term

    for quad in quads:
        yield Quad(move(quad.subject), quad.predicate, move(quad.object), quad.graph_name)
