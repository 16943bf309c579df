"""The command line of `zhusan-kg bench` (bench/runner.py) and the settings a run resolves it to;
an unknown size, system or client stops the run before anything starts."""

from __future__ import annotations

import argparse
from typing import Any

from server.core.config import REPOSITORY_ROOT

from . import load
from .generate import SIZES
from .remote_systems import REMOTE_SYSTEMS
from .systems import HTTP_SYSTEMS, IN_PROCESS

ALL_SYSTEMS = (*HTTP_SYSTEMS, *REMOTE_SYSTEMS, IN_PROCESS)
# The options that are a number of seconds: (option, default, help).
SECONDS = (
    ("--duration", 5.0, "seconds per measurement"),
    (
        "--max-duration",
        60.0,
        "seconds a measurement may be lengthened to, for slow queries (5 with --quick)",
    ),
    ("--request-timeout", 30.0, "seconds per request"),
    ("--check-timeout", 300.0, "seconds each system gets per query in the agreement check"),
    ("--start-timeout", 1800.0, "seconds to load and start"),
    ("--validate-timeout", 600.0, "seconds `zhusan-kg validate` may run before it is stopped"),
)


def parser(description: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="zhusan-kg bench", description=description)
    p.add_argument("--sizes", default="small,medium,large", help=f"of {', '.join(SIZES)}")
    p.add_argument("--systems", default=",".join(ALL_SYSTEMS), help="comma-separated systems")
    for option, default, text in SECONDS:
        p.add_argument(option, type=float, default=default, help=text)
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median taken)")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic data")
    p.add_argument(
        "--client",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: wrk where installed, else a Python thread pool",
    )
    p.add_argument(
        "--out", default=str(REPOSITORY_ROOT / "bench" / "REPORT.md"), help="report file"
    )
    p.add_argument("--work-dir", help="keep data and stores here (default: a temporary folder)")
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="SYSTEM@SIZE",
        help="do not run SYSTEM at SIZE (repeatable), e.g. rdflib-endpoint@large",
    )
    p.add_argument(
        "--quick", action="store_true", help="CI-sized: small only, 0.5 s measurements, one round"
    )
    return p


def settings_from(args: argparse.Namespace) -> dict[str, Any]:
    if args.quick:
        args.sizes, args.duration, args.rounds = "small", 0.5, 1
        args.validate_timeout = min(args.validate_timeout, 60.0)
        args.max_duration = min(args.max_duration, 5.0)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    skipped = {tuple(item.split("@", 1)) for item in args.skip if "@" in item}
    if len(skipped) != len(args.skip):
        raise SystemExit("zhusan-kg bench: --skip takes SYSTEM@SIZE")
    unknown = [s for s in sizes if s not in SIZES] + [s for s in systems if s not in ALL_SYSTEMS]
    unknown += [f"{a}@{b}" for a, b in skipped if a not in ALL_SYSTEMS or b not in SIZES]
    if unknown:
        raise SystemExit(f"zhusan-kg bench: unknown size or system: {', '.join(unknown)}")
    try:
        client = load.choose_client(args.client)
    except RuntimeError as error:
        raise SystemExit(f"zhusan-kg bench: {error}") from None
    return {
        "sizes": sizes,
        "systems": systems,
        "duration": args.duration,
        "max_duration": max(args.duration, args.max_duration),
        "rounds": max(1, args.rounds),
        "seed": args.seed,
        "client": client,
        "request_timeout": args.request_timeout,
        "check_timeout": args.check_timeout,
        "quick": args.quick,
        "skipped": sorted(skipped),
    }
