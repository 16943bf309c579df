"""The consistency report: every arithmetic relation the figures imply, checked three-valued.

A check passes, fails, or is undecided when a figure it needs is not stated. Figures from
different sources are never mixed inside one sum, except in the cross-source checks whose
purpose is exactly that comparison. Claims on which the sources disagree are listed too.

The queries read the union of all graphs, the inferred one included. No rule infers a count,
a claim or a source, so the asserted graphs alone give the same report (a test checks it on
the project's data); but Oxigraph evaluates a default graph listed graph by graph far more
slowly than its union: at the benchmark's 525 graphs and 1.3 million quads the report did
not finish in 400 s.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pyoxigraph import Store

from server.backends.querying import select
from server.core.namespaces import PREFIXES, source_key

if TYPE_CHECKING:
    from server.backends.interface import Backend

    # The report reads through `select`, so it takes a pyoxigraph Store or any backend alike
    # (the remote one has no local store).
    Source = Store | Backend

Status = Literal["pass", "fail", "undecided"]
CATEGORIES = ("persons", "men", "women", "children", "orphans")
PARTS = ("men", "women", "children")
CATEGORY = PREFIXES["cat"]


@dataclass(frozen=True)
class Figure:
    """One stated count: its node, scope, category, value and whether it is a lower bound."""

    count: str
    scope: str
    scope_label: str
    category: str
    value: int
    more_than: bool  # the value is an exclusive bound: "more than"
    source: str


def N_(message: str) -> str:
    """Marks a detail's words for the catalogs (Babel's default keyword); the page translates."""
    return message


class Detail(str):
    """A check's detail: the English text (the CLI's, and what compares equal), carrying the
    message and its values, so the consistency page can say it in the reader's language."""

    message: str | None
    args: dict[str, Any]

    def __new__(cls, message: str | None, **args: Any) -> Detail:
        text = message % args if message else str(args.get("text", ""))
        detail = super().__new__(cls, text)
        detail.message, detail.args = message, args
        return detail


@dataclass
class Check:
    id: str
    title: str
    status: Status
    detail: str
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Disagreement:
    subject: str
    subject_label: str
    predicate: str
    values: tuple[tuple[str, str, str], ...]  # (value, claim, source)


@dataclass
class Report:
    checks: list[Check]
    disagreements: list[Disagreement]

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status == "fail"]

    def summary(self) -> dict[str, int]:
        tally = {"pass": 0, "fail": 0, "undecided": 0}
        for check in self.checks:
            tally[check.status] += 1
        return tally


FIGURES_QUERY = """
SELECT DISTINCT ?count ?scope ?scopeLabel ?category ?value ?min ?source WHERE {
  ?count a zh:Count ; schema:observationAbout ?scope ; zh:category ?cat ;
         prov:wasDerivedFrom/oa:hasSource ?source .
  ?cat skos:inScheme cat:population .
  BIND(STRAFTER(STR(?cat), STR(cat:)) AS ?category)
  OPTIONAL { ?count schema:value ?value }
  OPTIONAL { ?count zh:moreThan ?min }
  OPTIONAL { ?scope rdfs:label ?scopeLabel FILTER(LANG(?scopeLabel) = "en") }
}"""

PHASES_QUERY = """
SELECT ?scope ?phase WHERE {
  ?phase a zh:Phase ; schema:superEvent+ ?scope .
}"""

DISAGREEMENT_QUERY = """
SELECT DISTINCT ?s ?label ?p ?o ?claim ?source WHERE {
  VALUES ?p { schema:startDate schema:endDate zh:ordinal }
  ?claim a zh:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         prov:wasDerivedFrom/oa:hasSource ?source .
  OPTIONAL { ?s rdfs:label ?label FILTER(LANG(?label) = "en") }
}"""


def load_figures(store: Source, inference: bool = True) -> list[Figure]:
    figures = []
    for row in select(store, FIGURES_QUERY, inference=inference):
        bound = row.get("value") or row.get("min")
        if bound is None:
            continue
        figures.append(
            Figure(
                count=row["count"].value,
                scope=row["scope"].value,
                scope_label=row["scopeLabel"].value if "scopeLabel" in row else row["scope"].value,
                category=row["category"].value,
                value=int(bound.value),
                more_than="value" not in row,
                source=row["source"].value,
            )
        )
    return sorted(figures, key=lambda f: (f.scope, f.source, CATEGORIES.index(f.category)))


def consistency_report(store: Source, inference: bool = True) -> Report:
    """Every check and disagreement; ``inference=False`` reads the asserted graphs only."""
    figures = load_figures(store, inference)
    by_scope_source: dict[tuple[str, str], dict[str, Figure]] = defaultdict(dict)
    for figure in figures:
        by_scope_source[(figure.scope, figure.source)][figure.category] = figure
    phases_of: dict[str, set[str]] = defaultdict(set)
    for row in select(store, PHASES_QUERY, inference=inference):
        phases_of[row["scope"].value].add(row["phase"].value)

    checks: list[Check] = []
    for (scope, source), stated in sorted(by_scope_source.items()):
        checks.append(_parts_make_total(scope, source, stated))
        if "orphans" in stated or "children" in stated:
            checks.append(_orphans_within_children(scope, source, stated))
    for figure in figures:
        if figure.scope in phases_of:
            checks.append(_phases_add_up(figure, phases_of[figure.scope], figures))
    return Report(checks, disagreements(store, inference) + figure_disagreements(figures))


def _label(stated: dict[str, Figure]) -> str:
    any_figure = next(iter(stated.values()))
    return f"{any_figure.scope_label} ({_source_name(any_figure.source)})"


def _source_name(source: str) -> str:
    return "source " + source_key(source)


def _parts_make_total(scope: str, source: str, stated: dict[str, Figure]) -> Check:
    title = f"men + women + children = total: {_label(stated)}"
    check_id = f"parts-make-total:{scope}:{_source_name(source)}"
    needed = ("persons", *PARTS)
    figures = [stated[c] for c in needed if c in stated]
    missing = [c for c in needed if c not in stated]
    if missing:
        detail = Detail(N_("not stated: %(missing)s"), missing=", ".join(missing))
        return Check(check_id, title, "undecided", detail, figures)
    total = stated["persons"]
    parts = sum(stated[c].value for c in PARTS)
    if any(stated[c].more_than for c in PARTS):
        detail = Detail(N_("a part is only a lower bound"))
        return Check(check_id, title, "undecided", detail, figures)
    return Check(check_id, title, *_compare(parts, total), figures)


def _orphans_within_children(scope: str, source: str, stated: dict[str, Figure]) -> Check:
    title = f"orphans ≤ children: {_label(stated)}"
    check_id = f"orphans-within-children:{scope}:{_source_name(source)}"
    figures = [stated[c] for c in ("children", "orphans") if c in stated]
    if len(figures) < 2:
        missing = "children" if "children" not in stated else "orphans"
        return Check(
            check_id,
            title,
            "undecided",
            Detail(N_("not stated: %(missing)s"), missing=missing),
            figures,
        )
    holds = stated["orphans"].value <= stated["children"].value
    detail = f"{stated['orphans'].value} {'≤' if holds else '>'} {stated['children'].value}"
    return Check(check_id, title, "pass" if holds else "fail", detail, figures)


def _phases_add_up(total: Figure, phases: set[str], figures: list[Figure]) -> Check:
    """A figure for an operation or phase group against the sum of its phases' figures."""
    kind = "sum of phases"
    title = f"{kind}, {total.category}: {total.scope_label} ({_source_name(total.source)})"
    check_id = f"phases-add-up:{total.scope}:{total.category}:{_source_name(total.source)}"
    parts = [f for f in figures if f.scope in phases and f.category == total.category]
    # The same phase figure stated by two sources counts once; different values would be a
    # disagreement, reported by the per-phase checks, so the first one is used here.
    per_phase: dict[str, Figure] = {}
    for figure in parts:
        per_phase.setdefault(figure.scope, figure)
    used = [total, *per_phase.values()]
    missing = sorted(phases - set(per_phase))
    stated_sum = sum(f.value for f in per_phase.values())
    if missing:
        names = ", ".join(m.rsplit("/", 1)[-1] for m in missing)
        # A partial sum can still refute an exact total that it already exceeds.
        if not total.more_than and stated_sum > total.value:
            return Check(
                check_id,
                title,
                "fail",
                Detail(
                    N_("stated phases alone sum to %(sum)d > %(total)d"),
                    sum=stated_sum,
                    total=total.value,
                ),
                used,
            )
        return Check(
            check_id,
            title,
            "undecided",
            Detail(
                N_(
                    "phase %(names)s not stated; the stated phases sum to %(sum)d, "
                    "against more than %(total)d"
                )
                if total.more_than
                else N_(
                    "phase %(names)s not stated; the stated phases sum to %(sum)d, "
                    "against %(total)d"
                ),
                names=names,
                sum=stated_sum,
                total=total.value,
            ),
            used,
        )
    return Check(check_id, title, *_compare(stated_sum, total), used)


def _compare(computed: int, stated: Figure) -> tuple[Status, str]:
    """A sum against a stated figure: equal to an exact one, above a "more than" bound."""
    if stated.more_than:
        # "More than 600" excludes 600 itself: the bound is exclusive, as the source says.
        holds, relation = computed > stated.value, (">" if computed > stated.value else "≤")
    else:
        holds, relation = computed == stated.value, ("=" if computed == stated.value else "≠")
    return ("pass" if holds else "fail"), f"{computed} {relation} {stated.value}"


def disagreements(store: Source, inference: bool = True) -> list[Disagreement]:
    """Single-valued properties given different values by different sources."""
    grouped: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    labels: dict[str, str] = {}
    for row in select(store, DISAGREEMENT_QUERY, inference=inference):
        key = (row["s"].value, row["p"].value)
        grouped[key].append((str(row["o"]), row["claim"].value, row["source"].value))
        labels[row["s"].value] = row["label"].value if "label" in row else row["s"].value
    found = []
    for (subject, predicate), values in sorted(grouped.items()):
        if len({v for v, _, _ in values}) > 1 and len({s for _, _, s in values}) > 1:
            found.append(Disagreement(subject, labels[subject], predicate, tuple(sorted(values))))
    return found


def figure_disagreements(figures: list[Figure]) -> list[Disagreement]:
    """Figures of one scope and category that two sources give differently (both are kept).

    The predicate of such a disagreement is the category; each value names its count.
    """
    grouped: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        grouped[(figure.scope, figure.category)].append(figure)
    found = []
    for (scope, category), stated in sorted(grouped.items()):
        values = {(f.value, f.more_than) for f in stated}
        if len(values) > 1 and len({f.source for f in stated}) > 1:
            sides = tuple(
                sorted(
                    (f"{'more than ' if f.more_than else ''}{f.value}", f.count, f.source)
                    for f in stated
                )
            )
            label = stated[0].scope_label
            found.append(Disagreement(scope, label, CATEGORY + category, sides))
    return found


def report_text(report: Report) -> str:
    lines = ["Consistency report"]
    for check in report.checks:
        lines.append(f"  [{check.status:^9}] {check.title}: {check.detail}")
    tally = report.summary()
    lines.append(
        f"  {tally['pass']} passed, {tally['fail']} failed, {tally['undecided']} undecided"
    )
    lines.append("Claims on which the sources disagree")
    if not report.disagreements:
        lines.append("  none")
    for item in report.disagreements:
        lines.append(f"  {item.subject_label} — {item.predicate.rsplit('/', 1)[-1]}:")
        for value, _claim, source in item.values:
            lines.append(f"      {value}  ({_source_name(source)})")
    return "\n".join(lines)
