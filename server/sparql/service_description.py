"""The SPARQL Service Description of the endpoint (W3C SPARQL 1.1 Service Description), with
its predeclared prefixes (as SHACL prefix declarations) and a link to the dataset description.
Built as pyoxigraph triples and written by pyoxigraph's serializers."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from server.core.formats import RDF_FORMATS, RESULTS_FORMATS
from server.core.namespaces import DCTERMS, PREFIXES, RDF, SD, SH, VOID, XSD

# W3C's IRIs for the result formats the Service Description vocabulary expects.
FORMAT_IRIS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
    "trig": "http://www.w3.org/ns/formats/TriG",
    "nquads": "http://www.w3.org/ns/formats/N-Quads",
}


def service_description(
    endpoint: str, graphs: dict[str, int], void_url: str, max_rows: int, timeout: float
) -> list[Triple]:
    """Triples describing the endpoint at ``endpoint`` over the named ``graphs`` (name → size)."""
    service = NamedNode(endpoint)
    dataset = NamedNode(endpoint + "#dataset")
    default = NamedNode(endpoint + "#default-graph")

    def t(s: NamedNode, p: str, o: NamedNode | Literal) -> Triple:
        return Triple(s, NamedNode(p), o)

    triples = [
        t(service, RDF + "type", NamedNode(SD + "Service")),
        t(service, SD + "endpoint", service),
        t(service, SD + "supportedLanguage", NamedNode(SD + "SPARQL11Query")),
        t(service, SD + "feature", NamedNode(SD + "UnionDefaultGraph")),
        t(service, SD + "feature", NamedNode(SD + "EmptyGraphs")),
        t(service, SD + "defaultDataset", dataset),
        t(
            service,
            DCTERMS + "description",
            Literal(
                f"Read-only SPARQL 1.1 Query endpoint. Queries stop after {timeout:g} s; answers "
                f"hold at most {max_rows} rows. SERVICE and SPARQL Update are refused.",
                language="en",
            ),
        ),
        t(service, VOID + "inDataset", NamedNode(void_url)),
        t(dataset, RDF + "type", NamedNode(SD + "Dataset")),
        t(dataset, SD + "defaultGraph", default),
        t(default, RDF + "type", NamedNode(SD + "Graph")),
        t(
            default,
            DCTERMS + "description",
            Literal("The union of all named graphs.", language="en"),
        ),
        t(
            default,
            VOID + "triples",
            Literal(str(sum(graphs.values())), datatype=NamedNode(XSD + "integer")),
        ),
    ]
    for fmt in RESULTS_FORMATS + RDF_FORMATS:
        triples.append(t(service, SD + "resultFormat", NamedNode(FORMAT_IRIS[fmt.name])))
    for name, size in sorted(graphs.items()):
        named = NamedNode(endpoint + "#graph-" + name.rsplit("graph/", 1)[-1].replace("/", "-"))
        triples += [
            t(dataset, SD + "namedGraph", named),
            t(named, RDF + "type", NamedNode(SD + "NamedGraph")),
            t(named, SD + "name", NamedNode(name)),
            t(named, VOID + "triples", Literal(str(size), datatype=NamedNode(XSD + "integer"))),
        ]
    for prefix, namespace in PREFIXES.items():
        declaration = NamedNode(endpoint + "#prefix-" + prefix)
        triples += [
            t(service, SH + "declare", declaration),
            t(declaration, SH + "prefix", Literal(prefix)),
            t(
                declaration,
                SH + "namespace",
                Literal(namespace, datatype=NamedNode(XSD + "anyURI")),
            ),
        ]
    return triples
