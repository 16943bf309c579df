"""One table of the formats the service speaks: media type ↔ pyoxigraph format ↔ short name ↔
file extension, with the other names and media types real clients send for each. Negotiation,
exports, dumps and the CLI all read it; nothing else names a format.

The same nickname may stand for one format in each table: clients mean RDF/XML by `xml` and
JSON-LD by `json` when the answer is a graph (SPARQLWrapper, Fuseki), and the results formats
when it is a table. A format's own name, media type and extension win over any nickname."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Format:
    name: str  # short name, for `format=` and the command line
    media_type: str
    extension: str
    rdf: RdfFormat | None = None
    results: QueryResultsFormat | None = None
    aliases: tuple[str, ...] = ()  # other media types clients send for this format
    # Other short names for `format=`, `output=` and `results=` (SPARQLWrapper, Fuseki,
    # Virtuoso, the Wikidata Query Service).
    nicknames: tuple[str, ...] = ()

    @property
    def is_dataset(self) -> bool:
        return self.rdf is not None and self.rdf.supports_datasets


RDF_FORMATS: tuple[Format, ...] = (
    # Turtle is N3 without N3's extensions, so an N3 reader reads it (SPARQLWrapper's N3).
    Format(
        "turtle",
        "text/turtle",
        "ttl",
        rdf=RdfFormat.TURTLE,
        aliases=("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),
        nicknames=("n3",),
    ),
    Format(
        "ntriples",
        "application/n-triples",
        "nt",
        rdf=RdfFormat.N_TRIPLES,
        nicknames=("n-triples",),
    ),
    Format(
        "jsonld",
        "application/ld+json",
        "jsonld",
        rdf=RdfFormat.JSON_LD,
        aliases=("application/json", "application/x-json+ld"),
        nicknames=("json-ld", "json"),
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        "rdf",
        rdf=RdfFormat.RDF_XML,
        nicknames=("rdf+xml", "xml"),
    ),
    Format("trig", "application/trig", "trig", rdf=RdfFormat.TRIG),
    Format(
        "nquads",
        "application/n-quads",
        "nq",
        rdf=RdfFormat.N_QUADS,
        nicknames=("n-quads",),
    ),
)

RESULTS_FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        "application/sparql-results+json",
        "srj",
        results=QueryResultsFormat.JSON,
        aliases=("application/json",),
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        "srx",
        results=QueryResultsFormat.XML,
    ),
    Format("csv", "text/csv", "csv", results=QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", "tsv", results=QueryResultsFormat.TSV),
)

ALL_FORMATS = RDF_FORMATS + RESULTS_FORMATS

# The media types that are not RDF or results: pages, error bodies, request bodies, archives.
HTML = "text/html"
JSON = "application/json"
PLAIN_TEXT = "text/plain"
GZIP = "application/gzip"
FORM_ENCODED = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
JAVASCRIPT = "application/javascript"
SVG = "image/svg+xml"
OCTET_STREAM = "application/octet-stream"  # a file whose type is not known
# Static files worth compressing: text of every kind, scripts, JSON, SVG drawings.
COMPRESSIBLE = ("text/", JAVASCRIPT, JSON, SVG)
# Static files served with their character set named: text of every kind and scripts.
TEXTUAL = ("text/", JAVASCRIPT)

DATASET_FORMATS = tuple(f for f in RDF_FORMATS if f.is_dataset)


def by_name(name: str, table: tuple[Format, ...] = ALL_FORMATS) -> Format:
    """The format with this short name, media type or extension, or else with this nickname
    or other media type; KeyError otherwise."""
    wanted = name.lower()
    for fmt in table:
        if wanted in {fmt.name, fmt.media_type, fmt.extension}:
            return fmt
    for fmt in table:
        if wanted in {*fmt.aliases, *fmt.nicknames}:
            return fmt
    raise KeyError(name)


def names_table() -> str:
    """The README's table of the names `format=`, `output=` and `results=` take."""
    rows = ["| Answers | Format | Media type | Also understood |", "|---|---|---|---|"]
    for fmt in ALL_FORMATS:
        others = dict.fromkeys((fmt.extension, *fmt.nicknames, *fmt.aliases))
        others.pop(fmt.name, None)
        also = ", ".join(f"`{other}`" for other in others) or "(none)"
        forms = "CONSTRUCT, DESCRIBE" if fmt.rdf else "SELECT, ASK"
        rows.append(f"| {forms} | `{fmt.name}` | `{fmt.media_type}` | {also} |")
    return "\n".join(rows)


def alternates(document_url: str) -> list[tuple[str, str]]:
    """A document's RDF twins, by extension: (media type, URL) pairs, for pages and headers."""
    return [(f.media_type, f"{document_url}.{f.extension}") for f in RDF_FORMATS]


def accept_header(*names: str) -> str:
    """An `Accept` value asking for the named formats, each less preferred than the one before."""
    weighted = [
        by_name(name).media_type + (f";q={1 - i / 10:.1f}" if i else "")
        for i, name in enumerate(names)
    ]
    return ", ".join(weighted)
