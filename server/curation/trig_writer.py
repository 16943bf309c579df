"""A small deterministic TriG writer: one resource per block, blocks sorted, for clean diffs.

Neither rdflib's nor pyoxigraph's serializer gives a layout a reviewer can diff: rdflib mints
its own prefixes and orders subjects by its own rules (which changed between releases), and
pyoxigraph writes triples in index order. Here the layout is the project's, as in the
hand-written files: relative IRIs against the ``id/`` base, the vocabularies' prefixes, a
resource's fragments (``#selector``, ``#sha256``) right after it, predicates sorted with
``a`` first, objects sorted, lines filled up to 100 characters. The same quads always give
the same bytes, and one more fact adds only its own blocks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from server.core.namespaces import (
    DCTERMS,
    GRAPH_REFERENCE,
    ID,
    OA,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    SPDX,
    XSD,
    ZH,
)

ORG = "http://www.w3.org/ns/org#"
WIDTH = 100
TYPE = RDF + "type"
PREFIXES: tuple[tuple[str, str], ...] = (
    ("zh", ZH),
    ("schema", SCHEMA),
    ("prov", PROV),
    ("oa", OA),
    ("org", ORG),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("spdx", SPDX),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
)
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
RELATIVE = re.compile(r"[A-Za-z0-9_./#-]+")

# Blocks are grouped by what they are, in this order; untyped subjects (the plain triples a
# claim reifies) come with the things.
SECTIONS: tuple[tuple[str | None, str], ...] = (
    (ZH + "SourceDocument", "the source document"),
    (None, "things and the triples the claims reify"),
    (ZH + "Claim", "claims"),
    (ZH + "Count", "figures"),
    (ZH + "PositionHeld", "positions held"),
    (ZH + "Remark", "remarks"),
    (ZH + "Communique", "remarks"),
    (ZH + "Evidence", "evidence: spans of the source (paragraph = 0-based line of the file)"),
)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Numbers compare as numbers: ``evidence/005/9-20`` before ``evidence/005/10-20``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text)
    )


def iri_text(iri: str, predicate: bool = False) -> str:
    if predicate and iri == TYPE:
        return "a"
    if iri.startswith(ID) and RELATIVE.fullmatch(iri[len(ID) :]):
        return f"<{iri[len(ID) :]}>"
    for prefix, namespace in PREFIXES:
        if iri.startswith(namespace) and LOCAL_NAME.fullmatch(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def term_text(term: object) -> str:
    if isinstance(term, NamedNode):
        return iri_text(term.value)
    if isinstance(term, Literal):
        if term.language:
            return f'"{_escape(term.value)}"@{term.language}'
        datatype = term.datatype.value
        if datatype == XSD + "integer" and re.fullmatch(r"-?[0-9]+", term.value):
            return term.value
        if datatype == XSD + "boolean" and term.value in {"true", "false"}:
            return term.value
        if datatype == XSD + "string":
            return f'"{_escape(term.value)}"'
        return f'"{_escape(term.value)}"^^{iri_text(datatype)}'
    if isinstance(term, BlankNode):
        raise ValueError("the graph has no blank nodes; mint an IRI instead")
    raise TypeError(f"cannot write {term!r}")


def _block(subject: str, properties: dict[str, set[str]]) -> list[str]:
    """One resource's lines: ``a`` first, then predicates and objects sorted, filled to WIDTH."""
    ordered = sorted(properties, key=lambda p: (p != TYPE, iri_text(p, True)))
    pieces = [
        f"{iri_text(p, True)} {' , '.join(sorted(properties[p], key=natural_key))}" for p in ordered
    ]
    lines, line = [], f"  {iri_text(subject)}"
    for number, piece in enumerate(pieces):
        piece += " ." if number == len(pieces) - 1 else " ;"
        candidate = f"{line} {piece}"
        if len(candidate) <= WIDTH or line == f"  {iri_text(subject)}":
            line = candidate
        else:
            lines.append(line)
            line = f"    {piece}"
    lines.append(line)
    return lines


def _section(types: set[str]) -> int:
    for number, (kind, _title) in enumerate(SECTIONS):
        if kind in types:
            return number
    return 1


def graph_text(graph: str, quads: list[Quad]) -> list[str]:
    """``GRAPH <g> { … }`` with one block per resource, grouped in sections."""
    by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for quad in quads:
        if not isinstance(quad.subject, NamedNode):
            raise ValueError("the graph has no blank nodes; mint an IRI instead")
        by_subject[quad.subject.value][quad.predicate.value].add(term_text(quad.object))
    owners = {s for s in by_subject if "#" not in s or s.split("#", 1)[0] not in by_subject}
    children: dict[str, list[str]] = defaultdict(list)
    for subject in by_subject:
        if subject not in owners:
            children[subject.split("#", 1)[0]].append(subject)

    def types(subject: str) -> set[str]:
        found = by_subject[subject].get(TYPE, set())
        return {iri for iri, text in _type_iris().items() if text in found}

    sections: dict[int, list[str]] = defaultdict(list)
    for subject in owners:
        sections[_section(types(subject))].append(subject)
    lines = [f"GRAPH <{graph}> {{"]
    titles_written: set[str] = set()
    for number in sorted(sections):
        title = SECTIONS[number][1]
        if title not in titles_written:
            titles_written.add(title)
            lines += ["", f"  # ---- {title} " + "-" * max(3, WIDTH - 12 - len(title))]
        for subject in sorted(sections[number], key=natural_key):
            lines.append("")
            lines += _block(subject, by_subject[subject])
            for child in sorted(children.get(subject, ()), key=natural_key):
                lines += _block(child, by_subject[child])
    lines.append("}")
    return lines


def _type_iris() -> dict[str, str]:
    return {kind: iri_text(kind) for kind, _title in SECTIONS if kind}


def trig_text(quads: Iterable[Quad], header: list[str]) -> str:
    """The whole file: comment header, BASE and prefixes, the reference graph, then the rest."""
    graphs: dict[str, list[Quad]] = defaultdict(list)
    for quad in quads:
        if not isinstance(quad.graph_name, NamedNode):
            raise ValueError("every triple belongs to a named graph")
        graphs[quad.graph_name.value].append(quad)
    lines = [f"# {line}".rstrip() for line in header]
    lines += ["", f"BASE <{ID}>"]
    lines += [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES]
    order = sorted(graphs, key=lambda g: (g != GRAPH_REFERENCE, natural_key(g)))
    for graph in order:
        lines.append("")
        lines += graph_text(graph, graphs[graph])
    return "\n".join(lines) + "\n"
