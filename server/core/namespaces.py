"""The IRIs the graph is written in: its own namespaces and the vocabularies it reuses.

One table serves four purposes: the prefixes predeclared on the SPARQL endpoint, the prefixes
written into Turtle/TriG output, the list published in the service description, and the
constants the code uses. The graph's own IRIs are always canonical (under ``BASE``); the server
maps them onto its own URLs, never the other way round in stored data.
"""

from __future__ import annotations

import re

BASE = "https://w3id.org/zhusan/"

ZH = BASE + "ontology#"
ONTOLOGY_IRI = BASE + "ontology"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

# The named graphs of the dataset (the endpoint's default graph is their union).
GRAPH_ONTOLOGY = GRAPH + "ontology"
GRAPH_REFERENCE = GRAPH + "reference"
GRAPH_INFERRED = GRAPH + "inferred"
GRAPH_SOURCE = GRAPH + "source/"

SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"

# Prefix -> namespace, in the order they are documented.
PREFIXES: dict[str, str] = {
    "zh": ZH,
    "zhid": ID,
    "op": ID + "operation/",
    "phase": ID + "operation/zhusan/phase/",
    "event": ID + "event/",
    "organisation": ID + "org/",
    "person": ID + "person/",
    "place": ID + "place/",
    "country": ID + "country/",
    "cat": ID + "category/",
    "concept": ID + "concept/",
    "count": ID + "count/",
    "claim": ID + "claim/",
    "evidence": ID + "evidence/",
    "source": ID + "source/",
    # Every IRI under BASE has a prefixed name with a local part that needs no escaping (a
    # "/" cannot appear in one): hence a prefix per folder of IRIs, added, never renamed.
    "zhusan": ID + "operation/zhusan/",
    "remark": ID + "remark/",
    "role": ID + "role/",
    "group": ID + "group/",
    "post": ID + "post/",
    "qualifier": ID + "qualifier/",
    "purpose": ID + "concept/purpose/",
    "outcome": ID + "concept/outcome/",
    "field": ID + "concept/field/",
    "symbol": ID + "concept/symbol/",
    "topic": ID + "concept/topic/",
    "forum-session": ID + "event/astana-forum-2023/session/",
    "gherman": ID + "position/natalia-gherman/",
    "voronkov": ID + "position/vladimir-voronkov/",
    "claim000": ID + "claim/000/",
    "claim004": ID + "claim/004/",
    "evidence000": ID + "evidence/000/",
    "evidence004": ID + "evidence/004/",
    "count000-zhusan": ID + "count/000/zhusan/",
    "count000-zhusan-2019": ID + "count/000/zhusan-2019/",
    "count000-zhusan-1": ID + "count/000/zhusan-1/",
    "count000-zhusan-2": ID + "count/000/zhusan-2/",
    "count000-zhusan-3": ID + "count/000/zhusan-3/",
    "count000-zhusan-4": ID + "count/000/zhusan-4/",
    "count000-zhusan-5": ID + "count/000/zhusan-5/",
    "count000-un-meeting": ID + "count/000/un-meeting-2019-06/",
    "count004-zhusan": ID + "count/004/zhusan/",
    "count004-forum": ID + "count/004/astana-forum-2023/",
    "zhbase": BASE,
    # The ontology's version IRI whole: pyoxigraph misreads a local part such as "1.0.0".
    "zhversion": ONTOLOGY_IRI + "/1.0.0",
    "zhg": GRAPH,
    "zhsource": GRAPH_SOURCE,
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "spdx": "http://spdx.org/rdf/terms#",
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "wd": "http://www.wikidata.org/entity/",
}
VOID = PREFIXES["void"]
DCAT = PREFIXES["dcat"]
SD = PREFIXES["sd"]
SPDX = PREFIXES["spdx"]

# SPARQL 1.1's PN_LOCAL without its escapes (PLX): what a local part may hold as it is.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040"
PN_LOCAL = re.compile(rf"^[{_PN_CHARS_BASE}_:0-9](?:[{_PN_CHARS}.:]*[{_PN_CHARS}:])?$")


def curie(iri: str) -> str:
    """The shortest prefixed name of ``iri`` that needs no escaping (``schema:startDate``), or
    the IRI itself where no predeclared prefix gives one."""
    names = [
        f"{prefix}:{iri[len(namespace) :]}"
        for prefix, namespace in PREFIXES.items()
        if iri.startswith(namespace) and (iri == namespace or PN_LOCAL.match(iri[len(namespace) :]))
    ]
    return min(names, key=len, default=iri)


def source_key(source: str) -> str:
    """A source document's short key: ``…/id/source/000`` (or its graph) → ``000``."""
    return source.rstrip("/").rsplit("/", 1)[-1]


def source_graph(source_key: str) -> str:
    """The named graph holding the facts stated by one source document (e.g. ``000``)."""
    return GRAPH_SOURCE + source_key


def sparql_prologue() -> str:
    """PREFIX lines for every predeclared prefix, for tools that cannot take a prefix table."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def prefix_table() -> str:
    """The README's table of predeclared prefixes."""
    rows = ["| Prefix | Namespace |", "|---|---|"]
    rows += [f"| `{prefix}:` | `{namespace}` |" for prefix, namespace in PREFIXES.items()]
    return "\n".join(rows)
