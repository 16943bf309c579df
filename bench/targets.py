"""The issue's targets for this project's server, each evaluated as met, missed or not
measured, with the ratio that decides it (the worst case over sizes and queries)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Results

TARGETS_NOTE = (
    "Throughput targets compare requests/s at 8 clients; a ratio is this project's server "
    "divided by the peer, and the worst query (and size) decides. Where rdflib-endpoint was not "
    "run concurrently (marked ≤ in the tables) its one-client rate bounds it from above, so the "
    "ratio given is a lower bound. Inference and validation count as met when their time grows no "
    "faster than the data from small to large."
)
Row = tuple[str, str, str]


def _kinds(results: Results, *kinds: str) -> list[str]:
    return [q.name for q in results.mix if q.kind in kinds]


def _modes(results: Results, query: str) -> list[str]:
    found = next(q for q in results.mix if q.name == query)
    return ["repeated", "distinct"] if found.has_distinct_mode else ["repeated"]


def _worst_ratio(
    results: Results,
    peer: str,
    queries: list[str],
    modes: tuple[str, ...],
    sizes: list[str],
    ours_system: str = "zhusan",
) -> tuple[float | None, str, bool]:
    """The smallest ours / peer throughput ratio at 8 clients, where, and if it is a bound."""
    worst: tuple[float | None, str, bool] = (None, "", False)
    for size in sizes:
        for query in queries:
            for mode in [m for m in _modes(results, query) if m in modes]:
                ours, _ = results.throughput((size, query, mode, 8, ours_system))
                theirs, bound = results.throughput((size, query, mode, 8, peer))
                if ours is None or theirs is None or (ours == 0 and theirs == 0):
                    continue  # nothing finished on either side: no ratio to speak of
                ratio = float("inf") if theirs == 0 else ours / theirs
                if worst[0] is None or ratio < worst[0]:
                    worst = (ratio, f"{query}, {mode}, {size}", bound)
    return worst


def _status(ratio: float | None, goal: float, where: str, bound: bool = False) -> tuple[str, str]:
    if ratio is None:
        return "not measured", where or "no measurement of both systems"
    shown = "∞" if ratio == float("inf") else f"{ratio:.2f}×"
    return ("met" if ratio >= goal else "missed"), f"{'≥ ' if bound else ''}{shown} ({where})"


def evaluate(results: Results) -> list[Row]:
    sizes = list(results.datasets)
    small, heavy = _kinds(results, "small"), _kinds(results, "heavy")
    every = [q.name for q in results.mix]
    rows: list[Row] = []

    # Per-request overhead over in-process pyoxigraph: a repeated query is answered from the
    # answer cache, a distinct one is evaluated.
    for mode, goal, what in (("repeated", 0.25, "from the cache"), ("distinct", 0.5, "uncached")):
        worst: tuple[float, str] | None = None
        for size in sizes:
            for query in small:
                if mode not in _modes(results, query):
                    continue
                ours = results.summary((size, query, mode, 1, "zhusan"))
                engine = results.summary((size, query, mode, 1, "pyoxigraph"))
                if ours and engine and ours.median_ms is not None and engine.median_ms is not None:
                    extra = ours.median_ms - engine.median_ms
                    if worst is None or extra > worst[0]:
                        worst = (extra, f"{query}, {mode}, {size}")
        text = (
            f"HTTP overhead over in-process pyoxigraph, one client, small queries {what}: "
            f"≤ {goal} ms median"
        )
        if worst is None:
            rows.append((text, "not measured", "needs zhusan and pyoxigraph"))
        else:
            status = "met" if worst[0] <= goal else "missed"
            rows.append((text, status, f"+{worst[0]:.2f} ms ({worst[1]})"))

    large_only = [s for s in sizes if s == "large"]
    for text, ours_system, peer, queries, modes, goal, where in (
        (
            "8 clients, small queries, distinct: ≥ 1.5× Virtuoso",
            "zhusan",
            "virtuoso",
            small,
            ("distinct",),
            1.5,
            sizes,
        ),
        (
            "8 clients, small queries, distinct: ≥ 0.15× Oxigraph server",
            "zhusan",
            "oxigraph",
            small,
            ("distinct",),
            0.15,
            sizes,
        ),
        (
            "8 clients, every query, repeated, through the recommended deployment "
            "(zhusan-behind-cache): ≥ 1× Oxigraph server",
            "zhusan-behind-cache",
            "oxigraph",
            every,
            ("repeated",),
            1.0,
            sizes,
        ),
        (
            "Heavy queries (aggregate, label search) at 1M triples: ≥ 1× Oxigraph server",
            "zhusan",
            "oxigraph",
            heavy,
            ("repeated", "distinct"),
            1.0,
            large_only,
        ),
        (
            "Every query: ≥ 5× rdflib-endpoint",
            "zhusan",
            "rdflib-endpoint",
            every,
            ("repeated", "distinct"),
            5.0,
            sizes,
        ),
        (
            "Heavy queries: ≥ 20× rdflib-endpoint",
            "zhusan",
            "rdflib-endpoint",
            heavy,
            ("repeated", "distinct"),
            20.0,
            sizes,
        ),
    ):
        ratio, place, bound = _worst_ratio(results, peer, queries, modes, where, ours_system)
        if not where:
            rows.append((text, "not measured", "needs the large size"))
            continue
        rows.append((text, *_status(ratio, goal, place, bound)))

    rows.append(_sparql_backend_at_large(results, heavy))

    # Load of 1M triples against Oxigraph's bulk loader, and the whole build.
    text = "Load of 1M triples: ≤ 1.5× `oxigraph load` (the load step of `zhusan-kg build`)"
    large = results.datasets.get("large")
    oxigraph = results.loads.get(("large", "oxigraph"))
    if large is None or oxigraph is None or not oxigraph[0]:
        rows.append((text, "not measured", "needs the large size and Oxigraph"))
    else:
        load = large.build_steps.get("load", large.build_seconds)
        ratio = load / oxigraph[0]
        rows.append(
            (
                text,
                "met" if ratio <= 1.5 else "missed",
                f"{ratio:.2f}× ({load:.1f} s vs {oxigraph[0]:.1f} s)",
            )
        )
    text = "Whole build of 1M triples with inference, merge and dumps: ≤ 60 s"
    if large is None:
        rows.append((text, "not measured", "needs the large size"))
    else:
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in large.build_steps.items())
        status = "met" if large.build_seconds <= 60 else "missed"
        rows.append((text, status, f"{large.build_seconds:.1f} s ({steps})"))

    # Inference and validation growth from small to large.
    first, last = results.datasets.get("small"), large
    for text, attribute in (
        ("Inference timed separately, growth 10k → 1M", "inference"),
        ("SHACL validation timed separately, growth 10k → 1M", "validation"),
    ):
        if first is None or last is None:
            shown = "; ".join(
                f"{d.name}: {getattr(d, attribute).text()}" for d in results.datasets.values()
            )
            rows.append((text, "not measured", f"needs small and large ({shown})"))
            continue
        a, b = getattr(first, attribute), getattr(last, attribute)
        data_growth = last.generated.triples / first.generated.triples
        growth = b.seconds / a.seconds if a.seconds else float("inf")
        finished = a.finished and b.finished
        status = "met" if finished and growth <= data_growth else "missed"
        rows.append(
            (text, status, f"{a.text()} → {b.text()}: {growth:.0f}× for {data_growth:.0f}× data")
        )

    # Memory after load.
    for peer, goal in (("oxigraph", 6.0), ("virtuoso", 0.5)):
        text = f"Memory after load (RSS, all processes): ≤ {goal:g}× {_PEER_NAMES[peer]}"
        worst_memory: tuple[float, str] | None = None
        for size in sizes:
            our_rss, their_rss = results.total_rss(size, "zhusan"), results.total_rss(size, peer)
            if our_rss and their_rss:
                ratio = our_rss / their_rss
                if worst_memory is None or ratio > worst_memory[0]:
                    worst_memory = (ratio, size)
        if worst_memory is None:
            rows.append((text, "not measured", f"needs zhusan and {peer}"))
        else:
            status = "met" if worst_memory[0] <= goal else "missed"
            rows.append((text, status, f"{worst_memory[0]:.2f}× ({worst_memory[1]})"))
    return rows


_PEER_NAMES = {"oxigraph": "Oxigraph server", "virtuoso": "Virtuoso"}


def _sparql_backend_at_large(results: Results, heavy: list[str]) -> Row:
    """The `sparql` backend in front of Oxigraph server at 1M: every query answered alike
    (the agreement check), each heavy query's one-client median within 1.5× of Oxigraph's."""
    text = (
        "The `sparql` backend in front of Oxigraph server at 1M: every query answered, "
        "heavy queries within 1.5× of Oxigraph called directly (one client, median)"
    )
    checked = [a for a in results.agreement if a.size == "large"]
    answered = [a for a in checked if "zhusan-on-oxigraph" in a.verdicts]
    if not answered:
        return text, "not measured", "needs zhusan-on-oxigraph at the large size"
    wrong = [a.query for a in answered if not a.verdicts["zhusan-on-oxigraph"].startswith("agree")]
    worst: tuple[float, str] | None = None
    for query in heavy:
        for mode in _modes(results, query):
            ours = results.summary(("large", query, mode, 1, "zhusan-on-oxigraph"))
            theirs = results.summary(("large", query, mode, 1, "oxigraph"))
            if ours and theirs and ours.median_ms and theirs.median_ms:
                ratio = ours.median_ms / theirs.median_ms
                if worst is None or ratio > worst[0]:
                    worst = (ratio, f"{query}, {mode}")
    if wrong:
        return text, "missed", f"answers differ: {', '.join(sorted(set(wrong)))}"
    if worst is None:
        return text, "not measured", "every query answered alike; no latency measured"
    status = "met" if worst[0] <= 1.5 else "missed"
    return text, status, f"every query answered alike; {worst[0]:.2f}× ({worst[1]})"
