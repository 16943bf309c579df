"""HEAD answers like GET without the body, on every GET route of the app: same status, same
headers (Content-Type, ETag, Content-Length included). In-process, through the Flask client."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

OPERATION = "https://w3id.org/zhusan/id/operation/zhusan"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# Requests for each GET route, by endpoint; a route missing here fails the test below.
SAMPLES: dict[str, list[str]] = {
    "static": ["/static/site.css"],
    "operations.favicon": ["/favicon.ico"],
    "operations.healthz": ["/healthz"],
    "sparql.endpoint": [
        "/sparql",
        "/sparql?query=" + quote("ASK {}"),
        "/sparql?query=" + quote("SELECT ?n WHERE { phase:1 zh:ordinal ?n }") + "&format=csv",
        "/sparql?query=" + quote("CONSTRUCT WHERE { phase:1 ?p ?o }") + "&format=xml",
        "/sparql?query=" + quote("SELECT ?x WHERE {"),  # a 400
    ],
    "linked_data.thing": ["/id/operation/zhusan", "/id/no-such-thing"],
    "linked_data.document": ["/doc/operation/zhusan", "/doc/operation/zhusan.ttl"],
    "linked_data.ontology": ["/ontology", "/ontology.ttl"],
    "linked_data.dumps": ["/dumps"],
    "linked_data.dump": ["/dumps/zhusan.nq.gz"],
    "linked_data.void": ["/.well-known/void"],
    "linked_data.graph_store": ["/store?default"],
    "visuals.prefixes": ["/prefixes.json"],
    "visuals.chart": ["/chart"],
    "visuals.timeline": ["/timeline"],
    "visuals.graph_json": ["/graph.json?iri=" + quote(OPERATION)],
    "visuals.graph": ["/graph?iri=" + quote(OPERATION)],
    "pages.home": ["/", "/?lang=kk"],
    "pages.search_page": ["/search?q=Zhusan"],
    "pages.browse": ["/browse"],
    "pages.consistency": ["/consistency"],
    "pages.queries": ["/queries"],
    "pages.query_results": ["/queries/phase-figures"],
}
# Its body and length change with every request it counts, HEAD's included.
CHANGES_WITH_EACH_REQUEST = {"operations.metrics": ["/metrics"]}


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Each request as a first visit: the language cookie a GET sets must not change what the
    HEAD that follows it is told (conftest's client keeps cookies within a test)."""
    return app.test_client(use_cookies=False)


def test_every_get_route_is_sampled(app: Flask) -> None:
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}
    assert routes == set(SAMPLES) | set(CHANGES_WITH_EACH_REQUEST)


@pytest.mark.parametrize("accept", [None, BROWSER, "application/json"])
@pytest.mark.parametrize("url", [url for urls in SAMPLES.values() for url in urls])
def test_head_answers_like_get_without_a_body(
    client: FlaskClient, url: str, accept: str | None
) -> None:
    headers = {"Accept": accept} if accept else {}
    with client.get(url, headers=headers) as got, client.head(url, headers=headers) as head:
        assert head.status_code == got.status_code, head.get_data(as_text=True)
        assert head.data == b""
        assert dict(head.headers) == dict(got.headers)


def test_head_on_metrics_answers_with_gets_status_and_type(client: FlaskClient) -> None:
    got = client.get("/metrics")
    head = client.head("/metrics")
    assert (head.status_code, head.content_type, head.data) == (200, got.content_type, b"")
