"""`zhusan-kg validate`: SHACL validation of the served store plus the consistency report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from pyoxigraph import RdfFormat, Store, serialize
from rdflib import Graph
from rdflib.namespace import SH

from . import store as stores
from .config import Config
from .consistency import Report, consistency_report, report_text
from .export import union_triples
from .store import Progress


@dataclass
class ValidationReport:
    conforms: bool
    shacl_text: str
    violations: int
    consistency: Report

    @property
    def ok(self) -> bool:
        return self.conforms and not self.consistency.failed

    def text(self) -> str:
        verdict = "conforms" if self.conforms else f"{self.violations} violation(s)"
        lines = [f"SHACL (ontology/shapes.ttl): {verdict}"]
        if not self.conforms:
            lines.append(self.shacl_text)
        lines.append(report_text(self.consistency))
        lines.append("OK" if self.ok else "FAILED")
        return "\n".join(lines)


def union_graph(store: Store) -> Graph:
    """The union of every graph of the store as one rdflib graph, for pyshacl."""
    graph = Graph()
    graph.parse(data=serialize(union_triples(store), format=RdfFormat.N_TRIPLES), format="nt")
    return graph


def shacl(data: Graph, shapes_file: Path) -> tuple[bool, Graph, str]:
    """Validate ``data`` (which includes the ontology, so sh:class sees subclasses)."""
    shapes = Graph().parse(shapes_file, format="turtle")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return bool(conforms), results, str(text)


def validate_store(config: Config, progress: Progress = lambda _: None) -> ValidationReport:
    store = stores.open_read_only(stores.current_store(config))
    progress("SHACL validation")
    conforms, results, text = shacl(union_graph(store), config.inputs / "ontology" / "shapes.ttl")
    progress("consistency checks")
    return ValidationReport(conforms, text, _count_results(results), consistency_report(store))


def _count_results(results: Graph) -> int:
    return len(set(results.subjects(predicate=SH.resultSeverity)))
