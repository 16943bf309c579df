"""The dataset description: VoID for linked-data tools and DCAT for catalogues, in one graph.

Counts come from the store's build manifest and files from the dump manifest, so the
description can never disagree with what is served (ontology/void-shapes.ttl checks it has
everything a catalogue needs; tests check its counts against the store).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from server import __version__
from server.core.namespaces import (
    DCAT,
    DCTERMS,
    GRAPH,
    ONTOLOGY_IRI,
    PROV,
    RDF,
    SCHEMA,
    SD,
    SPDX,
    VOID,
    XSD,
)
from server.store.dumps import Dump

LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"

VOCABULARIES = (
    "https://w3id.org/zhusan/ontology#",
    SCHEMA,
    PROV,
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/2004/02/skos/core#",
    DCTERMS,
    "http://www.w3.org/ns/org#",
    SPDX,
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
)


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def dataset_description(
    base: str,
    counts: dict[str, int],
    dumps: list[Dump],
    version: str,
    sources: list[dict[str, str]],
) -> list[Triple]:
    dataset = NamedNode(base + "dataset")
    triples: list[Triple] = []

    def add(s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        triples.append(Triple(s, NamedNode(p), o))

    for kind in (VOID + "Dataset", DCAT + "Dataset"):
        add(dataset, RDF + "type", NamedNode(kind))
    add(dataset, DCTERMS + "title", Literal("Operation Zhusan knowledge graph", language="en"))
    add(dataset, DCTERMS + "title", Literal("Граф знаний об операции «Жусан»", language="ru"))
    add(
        dataset,
        DCTERMS + "description",
        Literal(
            "Kazakhstan's repatriation of its citizens from Syria in five phases (2019–2021), the "
            "agencies and events around it, and the evidence for every fact: the document and the "
            "character span that state it.",
            language="en",
        ),
    )
    add(dataset, DCTERMS + "license", NamedNode(LICENSE))
    add(dataset, DCTERMS + "hasVersion", Literal(version))
    add(dataset, SCHEMA + "softwareVersion", Literal(__version__))
    add(dataset, VOID + "sparqlEndpoint", NamedNode(base + "sparql"))
    add(dataset, VOID + "uriSpace", Literal(base + "id/"))
    add(dataset, VOID + "triples", _integer(sum(counts.values())))
    add(dataset, VOID + "rootResource", NamedNode(base + "id/operation/zhusan"))
    add(dataset, DCTERMS + "conformsTo", NamedNode(ONTOLOGY_IRI))
    for vocabulary in VOCABULARIES:
        add(dataset, VOID + "vocabulary", NamedNode(vocabulary))
    for source in sources:
        add(dataset, DCTERMS + "source", NamedNode(source["source"]))
        add(dataset, PROV + "wasDerivedFrom", NamedNode(source["source"]))
    for graph, size in sorted(counts.items()):
        subset = NamedNode(base + "dataset/" + graph.removeprefix(GRAPH).replace("/", "-"))
        add(dataset, VOID + "subset", subset)
        add(subset, RDF + "type", NamedNode(VOID + "Dataset"))
        add(subset, RDF + "type", NamedNode(SD + "NamedGraph"))
        add(subset, SD + "name", NamedNode(graph))  # the named graph this subset is
        add(subset, VOID + "triples", _integer(size))
    for dump in dumps:
        url = NamedNode(base + "dumps/" + dump.name)
        if dump.graph is None and dump.name.startswith("zhusan."):
            add(dataset, VOID + "dataDump", url)
        add(dataset, DCAT + "distribution", url)
        add(url, RDF + "type", NamedNode(DCAT + "Distribution"))
        add(url, DCAT + "downloadURL", url)
        add(
            url,
            DCAT + "mediaType",
            NamedNode("https://www.iana.org/assignments/media-types/" + dump.media_type),
        )
        if dump.encoding:
            add(
                url,
                DCAT + "compressFormat",
                NamedNode("https://www.iana.org/assignments/media-types/application/gzip"),
            )
        add(url, DCAT + "byteSize", _integer(dump.size))
        add(url, DCTERMS + "description", Literal(dump.description, language="en"))
        checksum = NamedNode(base + "dumps/" + dump.name + "#sha256")
        add(url, SPDX + "checksum", checksum)
        add(checksum, RDF + "type", NamedNode(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", NamedNode(SPDX + "checksumAlgorithm_sha256"))
        add(
            checksum,
            SPDX + "checksumValue",
            Literal(dump.sha256, datatype=NamedNode(XSD + "hexBinary")),
        )
    return triples
