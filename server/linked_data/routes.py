"""Linked data: dereferenceable IRIs, the ontology at its namespace, dumps, the dataset
description (VoID and DCAT), and the read side of the Graph Store Protocol.

`/id/…` names a thing and answers 303 See Other to `/doc/…`, the document about it, which is
negotiated (HTML for browsers; Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads for
clients, also by extension) with `Vary: Accept`, `Content-Location` and `Link` alternates.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_file, url_for
from pyoxigraph import NamedNode, Quad, QuerySolutions

from server.core import iris
from server.core.errors import BadRequest, NotFound
from server.core.formats import DATASET_FORMATS, GZIP, HTML, JSON, RDF_FORMATS, Format, alternates
from server.core.namespaces import ONTOLOGY_IRI
from server.core.state import app_state
from server.linked_data.describe import Description, describe
from server.linked_data.void import dataset_description
from server.sparql.endpoint import client_holds
from server.sparql.negotiation import choose, prefers_html
from server.store.dumps import Dump, read_manifest
from server.store.export import serialize_triples
from server.store.rdf_documents import dataset_document, keeps_graphs

blueprint = Blueprint("linked_data", __name__)

EXTENSIONS = {f.extension: f for f in RDF_FORMATS}

ONTOLOGY_QUERY = """
SELECT DISTINCT ?s ?p ?o ?g WHERE {
  GRAPH zhg:ontology { ?s ?any ?x }
  GRAPH ?g { ?s ?p ?o }
}"""


def split_extension(path: str) -> tuple[str, str | None]:
    """``operation/zhusan.ttl`` → (``operation/zhusan``, ``ttl``); ``.html`` counts too."""
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and (extension in EXTENSIONS or extension == "html"):
        return stem, extension
    return path, None


@blueprint.route("/id/<path:path>")
def thing(path: str) -> Response:
    """A thing's IRI: 303 See Other to the document that describes it."""
    stem, extension = split_extension(path)
    target = url_for("linked_data.document", path=stem + (f".{extension}" if extension else ""))
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    response = Response(status=303, headers={"Location": target})
    response.vary.add("Accept")
    return response


@blueprint.route("/doc/<path:path>")
def document(path: str) -> Response:
    """The description of a thing, in the negotiated or the named format."""
    stem, extension = split_extension(path)
    iri = iris.canonical_iri(stem)
    try:
        NamedNode(iri)
    except ValueError:  # a space, a control character, …: no resource can have this IRI
        raise BadRequest(f"not an IRI: {iri!r}") from None
    if extension == "html" or (extension is None and prefers_html()):
        response = app_state().html.entity(iri)
        _advertise(response, url_for("linked_data.document", path=stem))
        return response
    fmt = EXTENSIONS[extension] if extension else choose(RDF_FORMATS)
    description = describe(app_state().backend, iri)
    response = rdf_response(
        description_body(description, fmt), fmt, status=200 if description.exists else 404, tag=iri
    )
    document_url = url_for("linked_data.document", path=stem)
    if extension is None:
        response.headers["Content-Location"] = f"{document_url}.{fmt.extension}"
    _advertise(response, document_url)
    return response


def description_body(description: Description, fmt: Format) -> bytes:
    """TriG and N-Quads keep each triple's graph; the others hold each triple once, in the
    default graph, where RDF and JSON-LD consumers look for it."""
    if keeps_graphs(fmt):
        return dataset_document(description.quads, fmt)
    return serialize_triples(description.triples(), fmt)


def rdf_response(body: bytes, fmt: Format, *, status: int = 200, tag: str = "") -> Response:
    """An RDF answer with a validator tied to the store version (304 when unchanged)."""
    version = app_state().backend.version
    etag = f"{version[:16]}-{hashlib.sha256((tag + fmt.name).encode()).hexdigest()[:16]}"
    if status == 200 and client_holds(etag):
        response = Response(status=304)
    else:
        response = Response(body, status=status, mimetype=fmt.media_type)
    response.set_etag(etag)
    response.vary.add("Accept")
    return response


def _advertise(response: Response, document_url: str) -> None:
    """`Link` alternates to every format of the same document, as Wikidata and DBpedia do: the
    one place this header is written, for pages and data alike."""
    twins = [*alternates(document_url), (HTML, f"{document_url}.html")]
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="alternate"; type="{media_type}"' for media_type, url in twins
    )
    response.vary.add("Accept")


@blueprint.route("/ontology")
@blueprint.route("/ontology.<extension>")
def ontology(extension: str | None = None) -> Response:
    """The ontology at its namespace IRI: documentation for browsers, RDF for clients."""
    if extension == "html" or (extension is None and prefers_html()):
        response = app_state().html.ontology()
        _advertise(response, url_for("linked_data.ontology"))
        return response
    if extension is not None and extension not in EXTENSIONS:
        raise NotFound(f"no /ontology.{extension}; try .ttl, .nt, .jsonld or .rdf")
    fmt = EXTENSIONS[extension] if extension else choose(RDF_FORMATS)
    solutions = app_state().backend.internal_query(ONTOLOGY_QUERY)
    assert isinstance(solutions, QuerySolutions)
    quads = sorted((Quad(r["s"], r["p"], r["o"], r["g"]) for r in solutions), key=str)
    description = Description(ONTOLOGY_IRI, quads)
    response = rdf_response(description_body(description, fmt), fmt, tag=ONTOLOGY_IRI)
    if extension is None:
        response.headers["Content-Location"] = url_for("linked_data.ontology") + "." + fmt.extension
    _advertise(response, url_for("linked_data.ontology"))
    return response


# ---- dumps ----------------------------------------------------------------------------------


def dumps_folder() -> Path:
    folder = app_state().backend.dumps
    if folder is None:
        backend = app_state().backend
        raise NotFound(getattr(backend, "no_dumps", "this backend publishes no dumps"))
    return Path(folder)


@blueprint.route("/dumps")
def dumps() -> Response:
    """The list of dump files with size, media type and sha256 (HTML or JSON)."""
    manifest = read_manifest(dumps_folder())
    if prefers_html():
        response = Response(render_template("dumps.html", dumps=manifest), mimetype=HTML)
        response.vary.update(("Accept", "Accept-Language"))
        return response
    body = [
        {**d.__dict__, "url": url_for("linked_data.dump", name=d.name, _external=True)}
        for d in manifest
    ]
    return current_app.response_class(current_app.json.dumps(body), mimetype=JSON)


@blueprint.route("/dumps/<name>")
def dump(name: str) -> Response:
    """One dump file, served as written at build time (never regenerated)."""
    entries: dict[str, Dump] = {d.name: d for d in read_manifest(dumps_folder())}
    if name not in entries:  # only listed names: no path is ever built from the request
        raise NotFound(f"no dump named {name!r}; see /dumps")
    entry = entries[name]
    response = send_file(
        dumps_folder() / entry.name,
        mimetype=entry.media_type,
        etag=entry.sha256,
        conditional=True,
        max_age=3600,
        download_name=entry.name,
    )
    if entry.encoding:
        # A .gz file: the bytes are the gzip member itself, so the checksum holds as served.
        response.headers["Content-Type"] = GZIP
    response.headers["Digest"] = "sha-256=" + _b64(entry.sha256)
    return response


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


# ---- dataset description ------------------------------------------------------------------------


@blueprint.route("/.well-known/void")
def void() -> Response:
    """VoID and DCAT description: title, licence, version, sources, counts, endpoint, dumps."""
    fmt = choose(RDF_FORMATS)
    state = app_state()
    manifest = read_manifest(Path(state.backend.dumps)) if state.backend.dumps else []
    triples = dataset_description(
        state.config.base,
        state.backend.counts,
        manifest,
        state.backend.version,
        state.backend.sources(),
    )
    response = Response(serialize_triples(triples, fmt), mimetype=fmt.media_type)
    response.vary.add("Accept")
    return response


# ---- Graph Store Protocol, read side ----------------------------------------------------------


@blueprint.route("/store", methods=["GET", "HEAD"])
def graph_store() -> Response:
    """GET/HEAD `?default` (the union, as the endpoint sees it) or `?graph=IRI`."""
    backend = app_state().backend
    if "default" in request.args and "graph" in request.args:
        raise BadRequest("give either ?default or ?graph=IRI")
    if "graph" in request.args:
        try:
            graph = NamedNode(request.args["graph"]).value
        except ValueError:
            raise BadRequest(f"not an IRI: {request.args['graph']!r}") from None
        if graph not in backend.counts:
            raise NotFound(f"no graph <{graph}> in this dataset")
        fmt = choose(RDF_FORMATS)
        return rdf_response(backend.graph_body(graph, fmt), fmt, tag="graph " + graph)
    if "default" in request.args:
        fmt = choose(RDF_FORMATS)
        return rdf_response(backend.graph_body(None, fmt), fmt, tag="default graph")
    fmt = choose(DATASET_FORMATS)  # neither: the whole dataset, as Oxigraph's server does
    return rdf_response(backend.dataset_body(fmt), fmt, tag="dataset")
