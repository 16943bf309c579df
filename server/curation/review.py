"""The checks of `zhusan-kg validate`, run on the inputs as they stand after a change, and
what the change added: new shape violations, sums that no longer add up, new disagreements
between sources, things named without a label.

The store is built in memory exactly as the build does it (load, infer, merge), and the
checks are `server.checks`' own: the SHACL shapes of ontology/shapes.ttl and the
consistency report. Nothing is re-implemented here but the comparison of two results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Store
from rdflib import Graph
from rdflib.namespace import SH

from server.backends.querying import run
from server.checks.consistency import Report, consistency_report
from server.checks.validation import shacl
from server.core.namespaces import ID
from server.store.disk import merge_into_default_graph
from server.store.export import union_triples
from server.store.inference import infer
from server.store.inputs import InputError, input_files, load_inputs

from .sources import CurationError


@dataclass(frozen=True)
class Violation:
    focus: str
    shape: str
    message: str


@dataclass
class Review:
    """The state of the checks over the whole graph."""

    store: Store
    conforms: bool
    violations: list[Violation]
    report: Report

    @property
    def ok(self) -> bool:
        return self.conforms and not self.report.failed


@dataclass
class Findings:
    """What one change added to the checks."""

    violations: list[Violation] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    disagreements: list[dict[str, object]] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)
    ok: bool = True

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "violations": [v.__dict__ for v in self.violations],
            "failed_checks": self.failed,
            "disagreements": self.disagreements,
            "unlabelled": self.unlabelled,
        }


def build_store(inputs: Path, base: str) -> Store:
    """The inputs in memory as the build makes them: loaded, inferred, merged."""
    store = Store()
    try:
        load_inputs(store, input_files(inputs), base, lambda _message: None)
    except InputError as error:
        raise CurationError(str(error)) from error
    infer(store)
    merge_into_default_graph(store)
    return store


def review(inputs: Path, base: str) -> Review:
    store = build_store(inputs, base)
    conforms, results, _text = shacl(union_triples(store), inputs / "ontology" / "shapes.ttl")
    return Review(store, conforms, _violations(results), consistency_report(store))


def _violations(results: Graph) -> list[Violation]:
    found = set()
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        shape = results.value(result, SH.sourceShape)
        message = results.value(result, SH.resultMessage)
        found.add(Violation(str(focus), str(shape), str(message or "")))
    return sorted(found, key=lambda v: (v.focus, v.shape, v.message))


def _disagreement_key(item: object) -> tuple[object, ...]:
    return (item.subject, item.predicate, item.values)  # type: ignore[attr-defined]


def compare(before: Review | None, after: Review, touched: Iterable[str]) -> Findings:
    """What ``after`` has that ``before`` had not, and the labels missing on ``touched``."""
    old_violations = set(before.violations) if before else set()
    old_failed = {c.id for c in before.report.failed} if before else set()
    old_disagreements = (
        {_disagreement_key(d) for d in before.report.disagreements} if before else set()
    )
    findings = Findings(ok=after.ok)
    findings.violations = [v for v in after.violations if v not in old_violations]
    findings.failed = [
        {"id": c.id, "title": c.title, "detail": c.detail}
        for c in after.report.failed
        if c.id not in old_failed
    ]
    findings.disagreements = [
        {
            "subject": d.subject,
            "label": d.subject_label,
            "predicate": d.predicate,
            "values": [{"value": v, "fact": f, "source": s} for v, f, s in d.values],
        }
        for d in after.report.disagreements
        if _disagreement_key(d) not in old_disagreements
    ]
    for iri in sorted(set(touched)):
        if iri.startswith(ID) and not _has_label(after.store, iri):
            findings.unlabelled.append(iri)
    return findings


def _has_label(store: Store, iri: str) -> bool:
    answer = run(
        store,
        "ASK { ?thing rdfs:label|skos:prefLabel ?label }",
        bindings={"thing": NamedNode(iri)},
    )
    return bool(answer)
