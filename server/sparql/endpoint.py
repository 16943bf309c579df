"""The SPARQL 1.1 Protocol at /sparql: read strictly, answered through the backend.

The request is checked before anything runs: one `query`, no update, no SERVICE, a known body
type, UTF-8. Then the result format is negotiated for the query form, the cached answer is
reused when the client already holds it (ETag), and the backend evaluates under its limits.
"""

from __future__ import annotations

import hashlib
from urllib.parse import unquote_to_bytes

from flask import Blueprint, Response, current_app, request, url_for
from pyoxigraph import NamedNode

from server.backends.jobs import QueryJob, QueryOutcome
from server.core import iris
from server.core.errors import BadRequest, Forbidden, UnsupportedMediaType
from server.core.formats import (
    FORM_ENCODED,
    RDF_FORMATS,
    RESULTS_FORMATS,
    SPARQL_QUERY,
    SPARQL_UPDATE,
)
from server.core.namespaces import PREFIXES
from server.core.sparql_text import inspect_query
from server.core.state import app_state
from server.sparql.negotiation import choose, prefers_html
from server.sparql.service_description import service_description
from server.store.export import serialize_triples

blueprint = Blueprint("sparql", __name__)

READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, …) is not accepted"
# Real queries nest a few dozen levels at most; thousands crash the evaluating process's stack.
MAX_NESTING = 256


class AnswerResponse(Response):
    """An answer to a query, with what the access log records of it."""

    stats: dict[str, object]


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """The SPARQL endpoint; without a query, its service description (or the editor page)."""
    state = app_state()
    seen = seen_key()
    known = state.known_requests.get(seen) if seen is not None else None
    if known is not None:
        # The same bytes were read, checked and negotiated before, and passed: the same answer.
        known_etag, known_form, known_query = known
        if client_holds(known_etag):
            return not_modified(known_etag)
        cached = state.answers.get(known_etag)
        if cached is not None:
            return answer_response(cached, known_etag, known_form, known_query, "hit")
    query, default_graphs, named_graphs = read_request()
    if query is None:
        return describe_service()
    shape = inspect_query(query)
    if shape.depth > MAX_NESTING:
        raise BadRequest(
            f"the query nests {shape.depth} levels deep; at most {MAX_NESTING} are allowed"
        )
    if shape.is_update:
        raise Forbidden(READ_ONLY)
    if shape.uses_service:
        raise Forbidden(
            "federated queries (SERVICE) are disabled: this endpoint never opens "
            "connections to other servers"
        )
    form = shape.form or "SELECT"  # the parser will say what is wrong with it
    fmt = choose(RESULTS_FORMATS if form in {"SELECT", "ASK"} else RDF_FORMATS)
    # Relative IRIs resolve against the endpoint's persistent IRI, not the address it was reached
    # at: the graph's IRIs never depend on where the server runs, and replicas behind a proxy
    # give the same answer and ETag.
    base_iri = iris.endpoint_iri()
    etag = answer_etag(query, fmt.media_type, base_iri, default_graphs, named_graphs)
    if client_holds(etag):
        return not_modified(etag)
    job = QueryJob(
        query=query,
        form=form,
        media_type=fmt.media_type,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        prefixes=tuple(PREFIXES.items()),
        base_iri=base_iri,
        shape=shape,  # lexed once, here
    )
    outcome = state.answers.get(etag)
    cache = "hit" if outcome is not None else "miss"
    if outcome is None:
        outcome = state.backend.public_query(job)
        state.answers.put(etag, outcome, len(outcome.body))
    if seen is not None:
        state.known_requests.put(seen, (etag, form, query), len(seen) + len(query))
    return answer_response(outcome, etag, form, query, cache)


def seen_key() -> str | None:
    """What decides a GET's answer, as the client sent it: the store version, the raw query
    string (query, dataset, format parameters) and Accept. None for a POST, read in full."""
    if request.method not in {"GET", "HEAD"} or not request.query_string:
        return None
    accept = request.headers.get("Accept", "")
    version = app_state().backend.version
    return f"{version}\n{accept}\n{request.query_string.decode('latin-1')}"


def answer_response(
    outcome: QueryOutcome, etag: str, form: str, query: str, cache: str
) -> AnswerResponse:
    state = app_state()
    response = AnswerResponse(outcome.body, content_type=outcome.media_type)
    response.stats = {
        "cache": cache,
        "form": form,
        "rows": outcome.rows,
        "truncated": outcome.truncated,
        "eval_ms": round(outcome.seconds * 1000, 2),
        "query": query[:500],
    }
    response.headers["X-Result-Rows"] = str(outcome.rows)
    if outcome.truncated:
        # Said in a header the client can read before the body; the row count tells where.
        response.headers["X-Result-Truncated"] = f"true; limit={state.config.max_rows}"
    response.set_etag(etag)
    response.vary.add("Accept")
    return response


def read_request() -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """The query and dataset of a GET or POST, checked as the protocol requires."""
    require_utf8(request.query_string, "the URL's query string")
    if request.method in {"GET", "HEAD"}:  # HEAD: GET's answer without the body
        refuse_update_parameters(request.args)
        query = single(request.args, "query")
    else:
        kind = request.mimetype
        if kind == FORM_ENCODED:
            require_utf8(request.get_data(cache=True), "the form")
            refuse_update_parameters(request.form)
            if "query" in request.args:
                raise BadRequest("the query is given both in the URL and in the body")
            query = single(request.form, "query")
            if query is None:
                raise BadRequest("the form has no `query` field")
        elif kind == SPARQL_QUERY:
            if "query" in request.args:
                raise BadRequest("the query is given both in the URL and in the body")
            query = decode_body()
        elif kind == SPARQL_UPDATE:
            raise Forbidden(READ_ONLY)
        else:
            raise UnsupportedMediaType(
                f"POST a query as {SPARQL_QUERY} or {FORM_ENCODED}, not {kind or 'no type'}"
            )
    source = request.form if request.mimetype == FORM_ENCODED else request.args
    default_graphs = graph_iris(
        source.getlist("default-graph-uri")
        + (request.args.getlist("default-graph-uri") if source is request.form else [])
    )
    named_graphs = graph_iris(
        source.getlist("named-graph-uri")
        + (request.args.getlist("named-graph-uri") if source is request.form else [])
    )
    return query, default_graphs, named_graphs


def single(values, name: str) -> str | None:  # type: ignore[no-untyped-def]
    found = values.getlist(name)
    if len(found) > 1:
        raise BadRequest(f"`{name}` is given {len(found)} times; give it once")
    return found[0] if found else None


def refuse_update_parameters(values) -> None:  # type: ignore[no-untyped-def]
    if "update" in values:
        if "query" in values:
            raise BadRequest("a request carries either a query or an update, not both")
        raise Forbidden(READ_ONLY)


def require_utf8(encoded: bytes, where: str) -> None:
    """Werkzeug would swap bad bytes for U+FFFD; a query must run as sent or not at all."""
    try:
        unquote_to_bytes(encoded).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(f"{where} is not UTF-8 once percent-decoded") from None


def decode_body() -> str:
    data = request.get_data(cache=False)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the body is not UTF-8 (byte {error.start})") from None


def graph_iris(values: list[str]) -> tuple[str, ...]:
    """Dataset IRIs name graphs of the store; they are checked, never fetched."""
    for value in values:
        try:
            NamedNode(value)
        except ValueError:
            raise BadRequest(f"not an IRI: {value!r}") from None
    return tuple(values)


def answer_etag(query: str, media_type: str, base_iri: str, *graphs: tuple[str, ...]) -> str:
    """Same store, same request, same answer: the store's content hash keys the cache.

    The base IRI is part of the request: the same relative IRI names another resource at
    another address of the endpoint.
    """
    version = app_state().backend.version
    key = "\n".join([query, media_type, base_iri, *(" ".join(gs) for gs in graphs)])
    return f"{version[:16]}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def client_holds(etag: str) -> bool:
    """If-None-Match names the answer tagged ``etag``, as sent or compressed: a compressed body
    carries the ETag with "-gzip" appended (operations.compress), and a cache revalidates the
    copy it holds."""
    return request.if_none_match.contains(etag) or request.if_none_match.contains(etag + "-gzip")


def not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.set_etag(etag)
    response.vary.add("Accept")
    return response


def describe_service() -> Response:
    if prefers_html():
        return app_state().html.editor()
    fmt = choose(RDF_FORMATS)
    state = app_state()
    endpoint_url = url_for("sparql.endpoint", _external=True)
    triples = service_description(
        endpoint_url,
        state.backend.counts,
        url_for("linked_data.void", _external=True)
        if "linked_data.void" in current_app.view_functions
        else endpoint_url + "#void",
        app_state().config.max_rows,
        app_state().config.query_timeout,
    )
    response = Response(serialize_triples(triples, fmt), mimetype=fmt.media_type)
    response.vary.add("Accept")
    return response
