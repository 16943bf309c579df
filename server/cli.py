"""The `zhusan-kg` command: build, validate, query, export, serve, and curators' helpers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

from server.core.config import SETTINGS, Config, ConfigError, load_config, settings_table
from server.core.formats import DATASET_FORMATS, RDF_FORMATS, RESULTS_FORMATS, by_name
from server.store import disk as stores


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    """Progress lines on a terminal's stderr; silence when piped or asked to be quiet."""
    if quiet or not sys.stderr.isatty():
        return lambda _message: None
    return lambda message: print(f"· {message}", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    result = stores.build(config, force=args.force, progress=_progress(args.quiet))
    state = "built" if result.rebuilt else "up to date"
    print(f"{state}: {result.path} ({sum(result.counts.values())} quads)")
    if result.timings:
        steps = (f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
        print("  seconds: " + ", ".join(steps))
    for graph, count in sorted(result.counts.items()):
        print(f"  {count:>7}  {graph}")
    if not args.load_into:
        return 0
    from server.backends.loading import load_release

    report = load_release(
        config,
        result,
        args.load_into,
        via=args.via,
        sparql_url=args.sparql_url or config.sparql_url or None,
        progress=_progress(args.quiet),
    )
    print(report.text())
    return 0 if report.ok else 1


def cmd_validate(args: argparse.Namespace, config: Config) -> int:
    from server.checks.validation import validate_store

    stores.build(config, progress=_progress(args.quiet))
    report = validate_store(config, progress=_progress(args.quiet))
    print(report.text())
    return 0 if report.ok else 1


def cmd_query(args: argparse.Namespace, config: Config) -> int:
    from server.backends.querying import run_cli_query

    return run_cli_query(args, config)


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    from server.store.export import write_dataset

    fmt = by_name(args.format, RDF_FORMATS)
    stores.build(config, progress=_progress(args.quiet))
    store = stores.open_read_only(stores.current_store(config))
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with partial.open("wb") as sink:
        write_dataset(store, fmt, sink, graph=args.graph)
    partial.replace(output)  # never leave half a file under the final name
    print(f"wrote {output} ({fmt.name}, {output.stat().st_size} bytes)")
    return 0


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    from server.serving import serve

    if config.backend == "sparql":
        # Check the engine and its release once, before any web server process starts.
        from server.backends.choice import open_backend

        open_backend(config).close()
    return serve(config, progress=_progress(False))


def cmd_bench(args: argparse.Namespace, config: Config) -> int:
    """Run the benchmark: the bench package's entry point (pyproject.toml), which server/ does
    not import, as it stands above server/."""
    found = entry_points(group="zhusan_kg.commands", name="bench")
    if not found:
        raise SystemExit("zhusan-kg: the bench command is not installed: run `make install`")
    bench_main = next(iter(found)).load()
    return int(bench_main(args.bench_args))  # the options are bench/runner.py's own


def cmd_locate(args: argparse.Namespace, config: Config) -> int:
    """Print the evidence span of a phrase in a source text, for curators adding a fact."""
    folder = Path(args.sources or config.sources_dir or config.inputs.parent / "shared" / "sources")
    matches = sorted(folder.glob(f"{args.source}_*.txt"))
    if not matches:
        print(f"no source {args.source}_*.txt in {folder}", file=sys.stderr)
        return 2
    text = matches[0].read_text(encoding="utf-8")
    start = text.find(args.phrase)
    if start < 0:
        print("phrase not found", file=sys.stderr)
        return 1
    end = start + len(args.phrase)
    paragraph = text.count("\n", 0, start)
    print(f"<evidence/{args.source}/{start}-{end}>  paragraph {paragraph}")
    return 0


def _workspace(args: argparse.Namespace, config: Config):  # type: ignore[no-untyped-def]
    from server.curation.workspace import Workspace

    folder = args.sources or config.sources_dir or config.inputs.parent / "shared" / "sources"
    return Workspace(config.inputs, Path(folder), config.base)


def cmd_add_source(args: argparse.Namespace, config: Config) -> int:
    """Register a source document and create the graph file for its facts."""
    from server.curation.document import Metadata
    from server.curation.sources import CurationError

    meta = Metadata(args.language, args.title, args.published, args.publisher, args.url)
    try:
        key = _workspace(args, config).add_source(Path(args.file), meta)
    except (CurationError, OSError) as error:
        print(f"zhusan-kg add-source: {error}", file=sys.stderr)
        return 2
    print(f"source {key}: graph/source-{key}.trig, <https://w3id.org/zhusan/graph/source/{key}>")
    return 0


def cmd_curate(args: argparse.Namespace, config: Config) -> int:
    """The local curation server (loopback only), never part of `serve`."""
    from server.curation.app import serve
    from server.curation.sources import CurationError

    try:
        serve(_workspace(args, config), args.host, args.port)
    except CurationError as error:
        print(f"zhusan-kg curate: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_settings(args: argparse.Namespace, config: Config) -> int:
    if args.markdown:
        print(settings_table())
        return 0
    for setting in SETTINGS:
        print(f"{setting.env}={getattr(config, setting.name)}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="zhusan-kg", description=__doc__)
    top.add_argument("--data-dir", help="where stores are built (ZHUSAN_DATA_DIR)")
    top.add_argument("--input-dir", help="folder with ontology/ and graph/ (ZHUSAN_INPUT_DIR)")
    top.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    sub = top.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="load ontology/ and graph/ into the on-disk store")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build.add_argument(
        "--load-into",
        metavar="TARGET",
        help="then load the release into a SPARQL engine and check its triple counts: a Graph "
        "Store Protocol URL (--via gsp), a new Oxigraph location folder (--via oxigraph-load), "
        "or an N-Quads file for another engine's bulk loader (--via nquads)",
    )
    build.add_argument(
        "--via",
        choices=("gsp", "oxigraph-load", "nquads"),
        default="gsp",
        help="how to load: PUT each graph over the Graph Store Protocol, run Oxigraph's bulk "
        "loader, or write one N-Quads file (default: gsp)",
    )
    build.add_argument(
        "--sparql-url",
        help="the engine's query endpoint, to check the counts after a gsp load "
        "(default: ZHUSAN_SPARQL_URL)",
    )
    build.set_defaults(run=cmd_build)

    validate = sub.add_parser("validate", help="SHACL validation and the consistency report")
    validate.set_defaults(run=cmd_validate)

    query = sub.add_parser("query", help="run a SPARQL query (a .rq file or the query text)")
    query.add_argument("query", help="path of a .rq file, or the query itself")
    query.add_argument(
        "--format",
        help="results or RDF format (default: a table on a terminal)",
        choices=[f.name for f in RESULTS_FORMATS + RDF_FORMATS],
    )
    query.add_argument("--output", help="write to this file instead of standard output")
    query.add_argument(
        "--no-inference",
        action="store_true",
        help="leave the inferred graph out of the default graph",
    )
    query.set_defaults(run=cmd_query)

    export = sub.add_parser("export", help="write the whole dataset in an RDF format")
    export.add_argument(
        "--format",
        required=True,
        choices=[f.name for f in RDF_FORMATS],
        help=f"dataset formats keep graphs: {', '.join(f.name for f in DATASET_FORMATS)}",
    )
    export.add_argument("--output", required=True, help="file to write")
    export.add_argument("--graph", help="only this named graph")
    export.set_defaults(run=cmd_export)

    serve = sub.add_parser("serve", help="serve the graph over HTTP (gunicorn)")
    serve.add_argument("--host", help="address to listen on (ZHUSAN_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (ZHUSAN_PORT)")
    serve.add_argument("--sources", help="folder with the source texts (ZHUSAN_SOURCES_DIR)")
    serve.set_defaults(run=cmd_serve)

    bench = sub.add_parser(
        "bench",
        help="benchmark against Oxigraph server, Virtuoso and rdflib-endpoint (bench/README.md)",
        add_help=False,
    )
    bench.set_defaults(run=cmd_bench)

    locate = sub.add_parser("locate", help="print the evidence span of a phrase in a source")
    locate.add_argument("source", help="source key, e.g. 000")
    locate.add_argument("phrase", help="the exact phrase to find")
    locate.add_argument("--sources", help="folder with the source texts")
    locate.set_defaults(run=cmd_locate)

    add_source = sub.add_parser("add-source", help="register a source document for curation")
    add_source.add_argument("file", help="the text, UTF-8; copied into the sources folder")
    add_source.add_argument("--language", required=True, help="its language, e.g. en, ru, fr")
    add_source.add_argument("--title", help="its title (else recorded as untitled)")
    add_source.add_argument("--published", help="its date: YYYY-MM-DD, YYYY-MM or YYYY")
    add_source.add_argument("--publisher", help="its publisher")
    add_source.add_argument("--url", help="where it was published")
    add_source.add_argument("--sources", help="the sources folder (ZHUSAN_SOURCES_DIR)")
    add_source.set_defaults(run=cmd_add_source)

    curate = sub.add_parser("curate", help="annotate sources in a browser (local server)")
    curate.add_argument("--host", default="127.0.0.1", help="a loopback address only")
    curate.add_argument("--port", type=int, default=8010, help="port (default 8010)")
    curate.add_argument("--sources", help="the sources folder (ZHUSAN_SOURCES_DIR)")
    curate.set_defaults(run=cmd_curate)

    settings = sub.add_parser("settings", help="print the resolved settings")
    settings.add_argument("--markdown", action="store_true", help="the README's table")
    settings.set_defaults(run=cmd_settings)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    top = parser()
    args, extra = top.parse_known_args(argv)
    if args.command == "bench":
        args.bench_args = extra
    elif extra:
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    overrides = {
        "data_dir": args.data_dir,
        "input_dir": args.input_dir,
        "host": getattr(args, "host", None) if args.command == "serve" else None,
        "port": getattr(args, "port", None) if args.command == "serve" else None,
        "sources_dir": getattr(args, "sources", None) if args.command == "serve" else None,
    }
    try:
        config = load_config(overrides)
        return int(args.run(args, config))
    except (stores.StoreError, ConfigError) as error:
        print(f"zhusan-kg: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
