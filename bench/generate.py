"""Synthetic graphs in the project's own ontology, deterministic from a seed.

`generate(size, seed, out_dir)` writes an input folder that `zhusan-kg build` accepts:
``ontology/`` (the project's own two files), ``graph/synthetic.trig`` (a reference graph with
types and labels in en/ru/fr/kk, and one graph per synthetic source document holding the facts
it states, with claims, counts and evidence spans, like graph/source-*.trig), ``queries/`` (the
project's saved queries, which the server reads at start-up) and ``entities.txt``, the constants
the benchmark substitutes into its query templates.

Every operation draws from its own random stream (``seed/operation/i``), so a larger size
starts with exactly the operations of a smaller one. No triple is stated in two graphs: the
engines disagree on whether the union default graph counts such a triple once or twice.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from server.core.config import REPOSITORY_ROOT

from .trig import PREFIXES
from .world import ID, World, every_subject, search_terms

ONTOLOGY_FILES = ("zhusan.ttl", "concepts.ttl")  # what the store loads
SHAPES_FILE = "shapes.ttl"  # what `zhusan-kg validate` checks the data against
GENERATOR_VERSION = "zhusan-bench-data/1"

# Asserted triples of the whole input (ontology included), by size name.
SIZES: dict[str, int] = {"small": 10_000, "medium": 100_000, "large": 1_000_000}


@dataclass(frozen=True)
class Generated:
    """What `generate` wrote, with the counts the report and the tests need."""

    out_dir: Path
    size: int
    seed: int
    triples: int  # asserted triples of the input, the ontology included
    ontology_triples: int
    operations: int
    sources: int


def size_of(name_or_count: str | int) -> int:
    """A size name (small, medium, large) or a number of triples, as a number of triples."""
    if isinstance(name_or_count, int):
        return name_or_count
    if name_or_count in SIZES:
        return SIZES[name_or_count]
    try:
        return int(name_or_count)
    except ValueError:
        known = ", ".join(SIZES)
        raise ValueError(f"unknown size {name_or_count!r}: use {known} or a number") from None


def ontology_triples() -> int:
    """Triples of the two ontology files the store loads next to the data."""
    folder = REPOSITORY_ROOT / "ontology"
    return sum(
        sum(1 for _ in parse(path=str(folder / name), format=RdfFormat.TURTLE))
        for name in ONTOLOGY_FILES
    )


def generate(size: int | str, seed: int, out_dir: Path) -> Generated:
    """Write a synthetic input folder of about ``size`` asserted triples (ontology included)."""
    target = size_of(size)
    out_dir = Path(out_dir)
    ontology = ontology_triples()
    writer = World(seed, max(1, target - ontology))
    writer.pools()
    operations = 0
    while writer.triples < writer.target:
        operations += 1
        writer.operation(operations)
    # The distinct mode needs many constants: the curated ones first (the first of each is the
    # repeated mode's), then every described resource, every claim, every piece of a label.
    entities = writer.entities
    entities["ENTITY"] = list(dict.fromkeys(entities["ENTITY"] + every_subject(writer)))
    entities["DESCRIBED"] += [ID + claim for source in writer.sources for claim in source.claims]
    entities["TERM"] = list(dict.fromkeys(entities["TERM"] + search_terms(writer)))

    (out_dir / "ontology").mkdir(parents=True, exist_ok=True)
    for name in (*ONTOLOGY_FILES, SHAPES_FILE):
        shutil.copyfile(REPOSITORY_ROOT / "ontology" / name, out_dir / "ontology" / name)
    (out_dir / "queries").mkdir(exist_ok=True)
    for query in sorted((REPOSITORY_ROOT / "queries").glob("*.rq")):
        shutil.copyfile(query, out_dir / "queries" / query.name)
    (out_dir / "graph").mkdir(exist_ok=True)
    header = (
        f"# Synthetic benchmark data ({GENERATOR_VERSION}): seed {seed}, about {target} "
        f"asserted triples with the ontology.\n# Written by bench/generate.py; "
        "not facts about the world. No blank nodes.\n\n"
    )
    with (out_dir / "graph" / "synthetic.trig").open("w", encoding="utf-8", newline="\n") as out:
        out.write(header + PREFIXES + "\n")
        out.write(writer.reference.text())
        for source in writer.sources:
            out.write("\n" + source.graph.text())
    with (out_dir / "entities.txt").open("w", encoding="utf-8", newline="\n") as out:
        out.write("# placeholder<TAB>value: constants for the query templates in bench/queries\n")
        for placeholder, values in entities.items():
            out.writelines(f"{placeholder}\t{value}\n" for value in values)
    return Generated(
        out_dir=out_dir,
        size=target,
        seed=seed,
        triples=ontology + writer.triples,
        ontology_triples=ontology,
        operations=operations,
        sources=len(writer.sources),
    )


def read_entities(path: Path) -> dict[str, list[str]]:
    """The placeholder → values table that `generate` wrote to entities.txt."""
    table: dict[str, list[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        placeholder, _, value = line.partition("\t")
        table.setdefault(placeholder, []).append(value)
    return table
