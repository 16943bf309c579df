"""One table of the formats the service speaks: media type ↔ pyoxigraph format ↔ short name ↔
file extension. Negotiation, exports, dumps and the CLI all read it; nothing else names a
format."""

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

    @property
    def is_dataset(self) -> bool:
        return self.rdf is not None and self.rdf.supports_datasets


RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", rdf=RdfFormat.TURTLE),
    Format("ntriples", "application/n-triples", "nt", rdf=RdfFormat.N_TRIPLES),
    Format(
        "jsonld",
        "application/ld+json",
        "jsonld",
        rdf=RdfFormat.JSON_LD,
        aliases=("application/json",),
    ),
    Format("rdfxml", "application/rdf+xml", "rdf", rdf=RdfFormat.RDF_XML),
    Format("trig", "application/trig", "trig", rdf=RdfFormat.TRIG),
    Format("nquads", "application/n-quads", "nq", rdf=RdfFormat.N_QUADS),
)

RESULTS_FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        "application/sparql-results+json",
        "srj",
        results=QueryResultsFormat.JSON,
        aliases=("application/json",),
    ),
    Format("xml", "application/sparql-results+xml", "srx", results=QueryResultsFormat.XML),
    Format("csv", "text/csv", "csv", results=QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", "tsv", results=QueryResultsFormat.TSV),
)

ALL_FORMATS = RDF_FORMATS + RESULTS_FORMATS

DATASET_FORMATS = tuple(f for f in RDF_FORMATS if f.is_dataset)


def by_name(name: str, table: tuple[Format, ...] = ALL_FORMATS) -> Format:
    """The format with this short name, media type or extension; KeyError otherwise."""
    wanted = name.lower()
    for fmt in table:
        if wanted in {fmt.name, fmt.media_type, fmt.extension, *fmt.aliases}:
            return fmt
    raise KeyError(name)
